"""The audit after a grading batch: what an instructor should look at, per submission.

* :func:`scan_code`: code a student wrote (answer cells and cells they added) that
  touches the kernel, the grader or the file system: ``get_ipython``, ``In``/``Out``,
  assignments to attributes of imported modules (``gradelib.check_close = ...``,
  ``np.allclose = ...``), the modules ``sys``, ``os``, ``sqlite3``, ``subprocess``,
  ``linecache``, ``inspect`` and their kin, ``open``, and ``__import__``/``getattr``/
  ``exec`` spellings that hide a name. A flag is a reason to read the code, not a
  verdict: the judge decides the points outside the kernel either way.
* :func:`rescore`: the gradebook's scores against the autograded notebook's own
  outputs, scored again with nbgrader's rule (a difference means the gradebook was
  written by someone other than the grader).
* :func:`snapshot` / :func:`changed_files`: course files (config, gradelib, solutions,
  judges, data) that changed during the batch.
* :func:`leftover_processes`: processes still running in a student's autograded folder.
"""

from __future__ import annotations

import ast
import hashlib
import os
from pathlib import Path

import nbformat
from nbgrader import utils as nbutils

from .preprocessors import is_autograded_test

WATCHED_MODULES = {"sys", "os", "sqlite3", "subprocess", "linecache", "inspect", "ctypes",
                   "importlib", "builtins", "shutil", "signal", "gc", "socket", "pathlib",
                   "multiprocessing", "threading", "atexit", "pickle", "traceback", "IPython",
                   "ipykernel", "nbgrader", "jupyter_client"}
WATCHED_NAMES = {"get_ipython": "the kernel (get_ipython)", "In": "the input history (In)",
                 "Out": "the output history (Out)", "_ih": "the input history (_ih)",
                 "_oh": "the output history (_oh)", "open": "the file system (open)",
                 "__import__": "an import by string (__import__)",
                 "exec": "code run from a string (exec)", "eval": "code run from a string (eval)",
                 "compile": "code compiled from a string (compile)",
                 "globals": "the notebook's namespace (globals)",
                 "__builtins__": "the builtins (__builtins__)",
                 "breakpoint": "the debugger (breakpoint)"}
INDIRECT = {"getattr", "setattr", "delattr"}


def imported_names(sources) -> set[str]:
    """The names that imports in ``sources`` bind (``np`` for ``import numpy as np``)."""
    names = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(a.asname or a.name.split(".")[0] for a in node.names)
    return names


def scan_code(source: str, modules: set[str] = frozenset()) -> list[str]:
    """What ``source`` reaches that answer code has no need for, one line each
    ("line 3: assigns gradelib.check_close"). ``modules`` are names of modules imported
    elsewhere in the notebook (an assignment to ``np.allclose`` is flagged even when
    ``np`` was imported in the setup cell). Code that does not parse is scanned as text
    for the watched names."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        words = set(source.replace("(", " ").replace(".", " ").split())
        return [f"(does not parse) mentions {WATCHED_NAMES.get(w, w)}"
                for w in sorted(words & (set(WATCHED_NAMES) | WATCHED_MODULES))]
    flags = []
    modules = set(modules)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                top = (node.module if isinstance(node, ast.ImportFrom) else alias.name) or ""
                modules.add(alias.asname or alias.name.split(".")[0])
                if top.split(".")[0] in WATCHED_MODULES:
                    flags.append(f"line {node.lineno}: imports {top.split('.')[0]}")
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Name) and node.id in WATCHED_NAMES:
            flags.append(f"line {line}: uses {WATCHED_NAMES[node.id]}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in INDIRECT and node.args[1:2] \
                and not isinstance(node.args[1], ast.Constant):
            flags.append(f"line {line}: {node.func.id} with a computed attribute name")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "setattr":
            flags.append(f"line {line}: setattr")
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and _base_name(target) in modules:
                    flags.append(f"line {line}: assigns {ast.unparse(target)} (an attribute of "
                                 f"an imported module)")
        elif isinstance(node, ast.Attribute) and node.attr.startswith("__") \
                and node.attr in {"__globals__", "__code__", "__closure__", "__subclasses__",
                                  "__builtins__", "__dict__"}:
            flags.append(f"line {line}: reaches {node.attr}")
    return list(dict.fromkeys(flags))


def _base_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def student_cells(submitted: nbformat.NotebookNode, release: nbformat.NotebookNode):
    """(label, source) of each code cell the student wrote: answer cells, and cells
    whose code is not in the released notebook."""
    given = {c.source for c in release.cells if c.cell_type == "code"}
    for index, cell in enumerate(submitted.cells):
        if cell.cell_type != "code":
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution"):
            yield f"answer cell {meta.get('grade_id', index)}", cell.source
        elif cell.source not in given and cell.source.strip():
            yield f"cell {index} (not in the release)", cell.source


def scan_submission(submitted: Path, release: Path) -> list[str]:
    """The :func:`scan_code` flags of a submitted notebook's own code."""
    try:
        nb = nbformat.read(submitted, as_version=4)
    except Exception as exc:
        return [f"not readable as a notebook ({type(exc).__name__})"]
    return scan_submission_nb(nb, nbformat.read(release, as_version=4))


def scan_submission_nb(nb: nbformat.NotebookNode, release: nbformat.NotebookNode) -> list[str]:
    """The :func:`scan_code` flags of the code the student wrote in ``nb``."""
    modules = imported_names(c.source for c in nb.cells if c.cell_type == "code")
    return [f"{label}, {flag}" for label, source in student_cells(nb, release)
            for flag in scan_code(source, modules)]


def rescore(autograded: Path, gradebook_scores: dict[str, float]) -> list[str]:
    """Differences between the gradebook's auto scores ({grade_id: score}) and the
    autograded notebook's test cells scored again with nbgrader's rule."""
    nb = nbformat.read(autograded, as_version=4)
    flags = []
    for cell in nb.cells:
        if not is_autograded_test(cell):
            continue
        grade_id = cell.metadata.nbgrader["grade_id"]
        earned, _ = nbutils.determine_grade(cell)
        recorded = gradebook_scores.get(grade_id)
        if recorded is None or abs(recorded - earned) > 1e-9:
            flags.append(f"{grade_id}: the gradebook says {recorded}, the autograded notebook "
                         f"scores {earned:g}")
    return flags


SKIPPED = {"autograded", "feedback", "submitted", ".gradelib", ".git", ".venv", "__pycache__",
           ".ipynb_checkpoints", ".pytest_cache", "release", "exchange"}


def snapshot(root: Path) -> dict[str, str]:
    """{relative path: sha256} of the course's own files (not the grading outputs or the
    gradebook, which grading writes)."""
    hashes = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIPPED]
        for name in filenames:
            if name.startswith("gradebook.db"):
                continue
            path = Path(dirpath) / name
            hashes[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def changed_files(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Files added, removed or changed between two snapshots."""
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def leftover_processes(folder: Path) -> list[str]:
    """Processes (Linux /proc) whose working folder is inside ``folder``: "pid: command"."""
    folder = folder.resolve()
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cwd = Path(os.readlink(proc / "cwd"))
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if cwd == folder or folder in cwd.parents:
            found.append(f"{proc.name}: {command.strip()[:200]}")
    return found
