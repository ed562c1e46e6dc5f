"""notebooks/ is exactly what `nbgrader generate_assignment` makes from solutions/."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import ASSIGNMENTS, ROOT, assignments, make_course, nbgrader, read

pytestmark = pytest.mark.slow

@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("course"), with_release=False)

    def generate(assignment):  # without the database, so that two can run at once
        return nbgrader("generate_assignment", assignment, "--force", "--no-db", cwd=course)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for result in pool.map(generate, ASSIGNMENTS):
            assert result.returncode == 0, result.stderr[-3000:]
    return course / "notebooks"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_matches_generate_assignment(regenerated, assignment):
    made = sorted(p.relative_to(regenerated) for p in (regenerated / assignment).rglob("*")
                  if p.is_file())
    committed_dir = ROOT / "notebooks"
    committed = sorted(p.relative_to(committed_dir)
                       for p in (committed_dir / assignment).rglob("*") if p.is_file())
    assert made == committed
    for rel in made:
        if rel.suffix == ".ipynb":
            assert read(regenerated / rel) == read(committed_dir / rel), (
                f"notebooks/{rel} is out of date: run `nbgrader generate_assignment "
                f"{assignment} --force` from the course root")
        else:
            assert (regenerated / rel).read_bytes() == (committed_dir / rel).read_bytes()


def test_every_source_is_released():
    released = sorted(p.name for p in (ROOT / "notebooks").iterdir() if p.is_dir())
    assert released == assignments()
