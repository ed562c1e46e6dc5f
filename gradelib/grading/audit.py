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

from ..i18n import add, text
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

add({
    "audit: watched get_ipython": {"en": WATCHED_NAMES["get_ipython"],
                                   "ko": "커널 (get_ipython)"},
    "audit: watched In": {"en": WATCHED_NAMES["In"], "ko": "입력 기록 (In)"},
    "audit: watched Out": {"en": WATCHED_NAMES["Out"], "ko": "출력 기록 (Out)"},
    "audit: watched _ih": {"en": WATCHED_NAMES["_ih"], "ko": "입력 기록 (_ih)"},
    "audit: watched _oh": {"en": WATCHED_NAMES["_oh"], "ko": "출력 기록 (_oh)"},
    "audit: watched open": {"en": WATCHED_NAMES["open"], "ko": "파일 시스템 (open)"},
    "audit: watched __import__": {"en": WATCHED_NAMES["__import__"],
                                  "ko": "문자열로 하는 import (__import__)"},
    "audit: watched exec": {"en": WATCHED_NAMES["exec"], "ko": "문자열에서 실행한 코드 (exec)"},
    "audit: watched eval": {"en": WATCHED_NAMES["eval"], "ko": "문자열에서 실행한 코드 (eval)"},
    "audit: watched compile": {"en": WATCHED_NAMES["compile"],
                               "ko": "문자열에서 컴파일한 코드 (compile)"},
    "audit: watched globals": {"en": WATCHED_NAMES["globals"],
                               "ko": "노트북의 네임스페이스 (globals)"},
    "audit: watched __builtins__": {"en": WATCHED_NAMES["__builtins__"],
                                    "ko": "내장 객체 (__builtins__)"},
    "audit: watched breakpoint": {"en": WATCHED_NAMES["breakpoint"],
                                  "ko": "디버거 (breakpoint)"},
    "audit: does not parse": {
        "en": "(does not parse) mentions {what}",
        "ko": "(구문 분석 불가) {what}을(를) 언급합니다",
    },
    "audit: imports": {"en": "line {line}: imports {module}",
                       "ko": "{line}행: {module}을(를) import합니다"},
    "audit: uses": {"en": "line {line}: uses {what}", "ko": "{line}행: {what}을(를) 사용합니다"},
    "audit: computed attribute": {
        "en": "line {line}: {function} with a computed attribute name",
        "ko": "{line}행: 계산된 속성 이름으로 {function}을(를) 호출합니다",
    },
    "audit: setattr": {"en": "line {line}: setattr", "ko": "{line}행: setattr 사용"},
    "audit: assigns": {
        "en": "line {line}: assigns {target} (an attribute of an imported module)",
        "ko": "{line}행: {target}에 대입합니다(import한 모듈의 속성)",
    },
    "audit: reaches": {"en": "line {line}: reaches {attr}",
                       "ko": "{line}행: {attr}에 접근합니다"},
    "audit: answer cell": {"en": "answer cell {grade_id}", "ko": "답안 셀 {grade_id}"},
    "audit: added cell": {"en": "cell {index} (not in the release)",
                          "ko": "셀 {index}(배포본에 없는 셀)"},
    "audit: not a notebook": {"en": "not readable as a notebook ({kind})",
                              "ko": "노트북으로 읽을 수 없습니다({kind})"},
    "audit: rescore": {
        "en": "{grade_id}: the gradebook says {recorded}, the autograded notebook scores "
              "{earned}",
        "ko": "{grade_id}: 성적부(gradebook)에는 {recorded}점, 자동 채점된 노트북을 다시 "
              "채점하면 {earned}점입니다",
    },
})


def _watched(name: str) -> str:
    """What the watched name ``name`` reaches, in the current language."""
    return text(f"audit: watched {name}")


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
        return [text("audit: does not parse", what=_watched(w) if w in WATCHED_NAMES else w)
                for w in sorted(words & (set(WATCHED_NAMES) | WATCHED_MODULES))]
    flags = []
    modules = set(modules)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                top = (node.module if isinstance(node, ast.ImportFrom) else alias.name) or ""
                modules.add(alias.asname or alias.name.split(".")[0])
                if top.split(".")[0] in WATCHED_MODULES:
                    flags.append(text("audit: imports", line=node.lineno,
                                           module=top.split(".")[0]))
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Name) and node.id in WATCHED_NAMES:
            flags.append(text("audit: uses", line=line, what=_watched(node.id)))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in INDIRECT and node.args[1:2] \
                and not isinstance(node.args[1], ast.Constant):
            flags.append(text("audit: computed attribute", line=line, function=node.func.id))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "setattr":
            flags.append(text("audit: setattr", line=line))
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and _base_name(target) in modules:
                    flags.append(text("audit: assigns", line=line,
                                      target=ast.unparse(target)))
        elif isinstance(node, ast.Attribute) and node.attr.startswith("__") \
                and node.attr in {"__globals__", "__code__", "__closure__", "__subclasses__",
                                  "__builtins__", "__dict__"}:
            flags.append(text("audit: reaches", line=line, attr=node.attr))
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
            yield text("audit: answer cell", grade_id=meta.get("grade_id", index)), cell.source
        elif cell.source not in given and cell.source.strip():
            yield text("audit: added cell", index=index), cell.source


def scan_submission(submitted: Path, release: Path) -> list[str]:
    """The :func:`scan_code` flags of a submitted notebook's own code."""
    try:
        nb = nbformat.read(submitted, as_version=4)
    except Exception as exc:
        return [text("audit: not a notebook", kind=type(exc).__name__)]
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
            flags.append(text("audit: rescore", grade_id=grade_id, recorded=recorded,
                              earned=f"{earned:g}"))
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
