"""The package's house rules: grading tooling sits in gradelib.grading, and imports
run one way (the tooling uses the checks; nothing a notebook calls imports the
tooling)."""

import ast
from pathlib import Path

import gradelib

PACKAGE = Path(gradelib.__file__).parent


def imported_modules(path: Path) -> set[str]:
    """The absolute names of the modules a gradelib source file imports."""
    tree = ast.parse(path.read_text())
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                names.add(".".join([*base, node.module] if node.module else base))
            else:
                names.add(node.module)
    return names


def test_nothing_outside_grading_imports_grading():
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(n for n in imported_modules(path)
                                               if n.startswith("gradelib.grading"))
        for path in PACKAGE.rglob("*.py")
        if "grading" not in path.relative_to(PACKAGE).parts and path.name != "__main__.py"
    }
    assert not {k: v for k, v in offenders.items() if v}


def test_the_scan_sees_relative_imports():
    """Control: the scan resolves ``from .checks import fail`` inside the package."""
    assert "gradelib.checks" in imported_modules(PACKAGE / "stats.py")
    assert "gradelib.grading.preprocessors" in imported_modules(
        PACKAGE / "grading" / "selfcheck.py")
