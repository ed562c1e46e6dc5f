"""Each source notebook has a paired percent-format file in sources/ (jupytext.toml) that
describes the same cells and metadata, a one-line edit stays a one-line diff, and ruff
passes over gradelib, the tests and the paired sources."""

import difflib
import shutil
import subprocess

import jupytext
import pytest
from jupytext.compare import NotebookDifference, compare_notebooks
from jupytext.config import load_jupytext_config
from jupytext.paired_paths import paired_paths

from conftest import ASSIGNMENTS, ROOT, assignments, nbgrader_meta, pair_path, read, source_path
from gradelib.grading.course import BIN

SYNC = "run `jupytext --sync {path}` (the side edited last wins) and commit both files"


def out_of_sync(notebook, paired) -> str | None:
    """How the pair differs from the notebook (the first differing cell, as a diff of
    its source or metadata), or None. Jupytext's own comparison, with nothing allowed
    to differ."""
    try:
        compare_notebooks(paired, notebook, fmt="py:percent", allow_expected_differences=False)
    except NotebookDifference as difference:
        return str(difference)
    return None


def test_jupytext_pairs_solutions_with_sources():
    """The pairs live outside solutions/, the folder nbgrader copies into every release
    and autograded folder; student notebooks are not paired."""
    source = source_path(ASSIGNMENTS[0])
    config = load_jupytext_config(str(source.parent))
    formats = config.default_formats(str(source))
    paths = [path for path, _ in paired_paths(str(source), "ipynb", formats)]
    assert paths == [str(source), str(pair_path(ASSIGNMENTS[0]))]
    assert pair_path(ASSIGNMENTS[0]).parent.parent == ROOT / "sources"
    released = ROOT / "notebooks" / ASSIGNMENTS[0] / f"{ASSIGNMENTS[0]}.ipynb"
    assert config.default_formats(str(released)) is None


def test_every_notebook_has_its_pair_and_every_pair_its_notebook():
    pairs = sorted(p.parent.name for p in (ROOT / "sources").glob("*/*.py"))
    assert pairs == assignments(), (
        "every solutions/NN/NN.ipynb needs sources/NN/NN.py and the reverse: "
        "`jupytext --sync solutions/NN/NN.ipynb` writes a missing pair")
    strays = [p for p in (ROOT / "solutions").rglob("*.py")]
    assert not strays, f"nbgrader would copy these to students: {strays}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_pair_is_in_sync(assignment):
    problem = out_of_sync(read(source_path(assignment)), jupytext.read(pair_path(assignment)))
    assert problem is None, (
        f"sources/{assignment}/{assignment}.py and solutions/{assignment}/{assignment}.ipynb "
        f"are out of sync; " + SYNC.format(path=f"sources/{assignment}/{assignment}.py")
        + f"\n{problem}")
    assert "jupytext" not in read(source_path(assignment)).metadata, (
        "jupytext metadata in the notebook would reach the student version; delete it")


def test_sync_check_names_the_first_differing_cell():
    notebook = read(source_path(ASSIGNMENTS[0]))
    paired = jupytext.read(pair_path(ASSIGNMENTS[0]))
    [index] = [i for i, c in enumerate(paired.cells) if nbgrader_meta(c).get("grade")][:1]
    paired.cells[index].source += "\nextra = 1"
    problem = out_of_sync(notebook, paired)
    assert f"cell #{index + 1}:" in problem and "+extra = 1" in problem, problem
    paired = jupytext.read(pair_path(ASSIGNMENTS[0]))
    paired.cells[index].metadata["nbgrader"]["points"] += 1
    problem = out_of_sync(notebook, paired)
    assert f"Metadata differ on code cell #{index + 1}" in problem, problem


@pytest.mark.parametrize("assignment", ASSIGNMENTS[:1])
def test_a_one_line_change_to_an_exercise_is_a_one_line_diff(assignment):
    notebook = read(source_path(assignment))
    [cell] = [c for c in notebook.cells if nbgrader_meta(c).get("solution")
              and c.cell_type == "code"][:1]
    lines = cell.source.splitlines()
    changed = len(lines) // 2
    lines[changed] += "  # edited"
    cell.source = "\n".join(lines)
    before = pair_path(assignment).read_text().splitlines()
    after = jupytext.writes(notebook, fmt="py:percent").splitlines()
    diff = [line for line in difflib.unified_diff(before, after, lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    # the pair's header names the jupytext version that wrote it; that line may differ too
    diff = [line for line in diff if "jupytext_version" not in line]
    assert diff == ["-" + lines[changed][: -len("  # edited")], "+" + lines[changed]], diff


def test_ruff_passes():
    result = subprocess.run([str(BIN / "ruff"), "check", "--no-cache", "."], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_saving_in_jupyterlab_writes_both_sides(tmp_path):
    """JupyterLab saves through Jupytext's contents manager (its server extension ships
    with the jupytext package): a notebook saved there updates its pair and gains no
    jupytext metadata."""
    from jupytext import TextFileContentsManager

    assignment = ASSIGNMENTS[0]
    (tmp_path / "solutions" / assignment).mkdir(parents=True)
    shutil.copy(ROOT / "jupytext.toml", tmp_path)
    shutil.copy(source_path(assignment), tmp_path / "solutions" / assignment)
    manager = TextFileContentsManager(root_dir=str(tmp_path))
    name = f"solutions/{assignment}/{assignment}.ipynb"
    model = manager.get(name)
    model["content"].cells[-1].source += "\n\nSaved in JupyterLab."
    manager.save(model, name)
    saved = read(tmp_path / name)
    assert "jupytext" not in saved.metadata
    assert out_of_sync(saved, jupytext.read(pair_path(assignment, root=tmp_path))) is None
    assert "# Saved in JupyterLab." in pair_path(assignment, root=tmp_path).read_text()
