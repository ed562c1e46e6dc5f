"""gradelib: checks with feedback, gradient checks, offline data, grading-mode
budgets and widgets for the generative deep learning notebook course.

Every notebook's setup cell runs ``gradelib.setup(seed)``. This top-level package is
what notebooks and their test cells call (checks and known mistakes, data, budgets,
widgets, the course's ready-made models); the grading tooling lives in
:mod:`gradelib.grading`, which uses this package and is never imported by it.
"""

import os

# Quiet TensorFlow's C++ start-up logs before anything imports it: under nbgrader,
# anything on stderr inside a test cell would cost the student the cell's points.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from . import i18n
from .budget import grading_mode, mode, pick, seed_everything
from .checks import Mistake, check_close, check_distribution, check_raises, check_shape, fail
from .data import data_dir, data_path, load_digits, load_text_corpus
from .experiment import experiment
from .gradcheck import check_autodiff, check_gradient, numeric_gradient, relative_error
from .i18n import language, set_language
from .stats import check_sampler

__version__ = "0.1.0"


def setup(seed: int = 0, language: str | None = None) -> str:
    """Seed every random generator, choose the feedback's language (``"en"`` or
    ``"ko"``; default: ``GRADELIB_LANG``, else English) and report the mode this run uses.

    Returns:
        ``"full"`` or ``"grading"`` (see :mod:`gradelib.budget`).

    Raises:
        ValueError: for a language the course does not have.
    """
    if language is not None:
        set_language(language)
    seed_everything(seed)
    print(f"gradelib {__version__}: {mode()} mode, seed {seed}, feedback in "
          f"{i18n.text('language name')} ({i18n.text('switch language')})")
    return mode()


__all__ = [
    "Mistake", "check_autodiff", "check_close", "check_distribution", "check_gradient",
    "check_raises", "check_sampler", "language", "set_language",
    "check_shape", "data_dir", "data_path", "experiment", "fail", "grading_mode",
    "load_digits", "load_text_corpus", "mode", "numeric_gradient", "pick", "relative_error",
    "seed_everything", "setup",
]
