"""nbgrader_config.py keeps nbgrader's own autograde steps and adds the course's."""

from traitlets.config import Config, PyFileConfigLoader

from conftest import ROOT
from gradelib.grading.judge import ExecuteAndJudge
from gradelib.grading.preprocessors import LimitOutputSize, NoCreditByDisplay


def test_autograde_runs_nbgraders_steps_plus_the_courses_two():
    """nbgrader's steps, with its Execute replaced by ExecuteAndJudge (a subclass that
    also runs the judges), plus the character cap and no credit by display."""
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute

    loader = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT))
    loader.load_config()
    config: Config = loader.config
    ours = config.Autograde.autograde_preprocessors
    nbgraders = Autograde.class_traits()["autograde_preprocessors"].default()
    assert issubclass(ExecuteAndJudge, Execute) and ours[0] is ExecuteAndJudge
    ours_as_nbgraders = [Execute] + ours[1:]
    assert [p for p in ours_as_nbgraders
            if p not in (LimitOutputSize, NoCreditByDisplay)] == nbgraders, (
        "nbgrader's default autograde steps changed; update nbgrader_config.py")
    # the character cap follows nbgrader's line cap; displayed values are gone before scoring
    names = [p.__name__ for p in ours]
    assert names.index("LimitOutputSize") > names.index("LimitOutput")
    assert names.index("NoCreditByDisplay") < names.index("SaveAutoGrades")


def load(monkeypatch, **env):
    for name in ["GRADELIB_EXCHANGE", "GRADELIB_COURSE_ID"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    loader = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT))
    loader.load_config()
    return loader.config


def test_the_exchange_is_a_folder_beside_the_config_unless_the_environment_names_one(
        monkeypatch, tmp_path):
    config = load(monkeypatch)
    assert config.Exchange.root == str(ROOT / "exchange")   # not /usr/local/share/...
    assert config.CourseDirectory.course_id == "generative-dl"
    config = load(monkeypatch, GRADELIB_EXCHANGE=str(tmp_path), GRADELIB_COURSE_ID="gdl-2027")
    assert config.Exchange.root == str(tmp_path)
    assert config.CourseDirectory.course_id == "gdl-2027"
