"""Known misconceptions, one catalogue per graded exercise, one module per notebook.

Each :class:`~gradelib.checks.Mistake` computes the mistaken answer with a
library call or from the expected answer, so no reference solution lives here.
``tests/test_mistakes*.py`` check that each fires on its mistake and never on a
correct answer. Notebooks import catalogues from here, e.g.
``from gradelib.mistakes import CONV2D``.
"""

from .foundations import CONV2D, MAX_POOL2D
from .sampling import ENTROPY, REWEIGHT_DISTRIBUTION, SAMPLE_NEXT, TOP_K_FILTER, TOP_P_FILTER
from .vae import INTERPOLATE, KL_DIVERGENCE, REPARAMETERIZE, REPARAMETERIZE_SAMPLES, VAE_LOSS

__all__ = ["CONV2D", "ENTROPY", "INTERPOLATE", "KL_DIVERGENCE", "MAX_POOL2D", "REPARAMETERIZE",
           "REPARAMETERIZE_SAMPLES", "REWEIGHT_DISTRIBUTION", "SAMPLE_NEXT", "TOP_K_FILTER",
           "TOP_P_FILTER", "VAE_LOSS"]
