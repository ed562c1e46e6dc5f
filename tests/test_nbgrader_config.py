"""nbgrader_config.py keeps nbgrader's own autograde steps and adds the course's."""

from traitlets.config import Config, PyFileConfigLoader

from conftest import ROOT
from gradelib.grading.preprocessors import LimitOutputSize, NoCreditByDisplay


def test_autograde_runs_nbgraders_steps_plus_the_courses_two():
    from nbgrader.converters import Autograde

    loader = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT))
    loader.load_config()
    config: Config = loader.config
    ours = config.Autograde.autograde_preprocessors
    nbgraders = Autograde.class_traits()["autograde_preprocessors"].default()
    assert [p for p in ours if p not in (LimitOutputSize, NoCreditByDisplay)] == nbgraders, (
        "nbgrader's default autograde steps changed; update nbgrader_config.py")
    # the character cap follows nbgrader's line cap; displayed values are gone before scoring
    names = [p.__name__ for p in ours]
    assert names.index("LimitOutputSize") > names.index("LimitOutput")
    assert names.index("NoCreditByDisplay") < names.index("SaveAutoGrades")
