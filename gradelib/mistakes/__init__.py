"""Known misconceptions, one catalogue per graded exercise, one module per notebook.

Each :class:`~gradelib.checks.Mistake` computes the mistaken answer with a
library call or from the expected answer, so no reference solution lives here.
``tests/test_mistakes*.py`` check that each fires on its mistake and never on a
correct answer. Notebooks 00-06 import catalogues from here, e.g.
``from gradelib.mistakes import CONV2D``; from 07 on a notebook imports from its own
module (``from gradelib.mistakes.gan_theory import DISCRETE_KL``), so that names such as
a KL divergence's catalogue cannot clash between notebooks.
"""

from .autoencoders import (
    PCA_COMPONENTS,
    PCA_EXPLAINED_VARIANCE,
    PCA_INVERSE_TRANSFORM,
    PCA_TRANSFORM,
    RMSE,
)
from .foundations import CONV2D, MAX_POOL2D
from .language_models import CROSS_ENTROPY, FIT_BIGRAM, PERPLEXITY
from .rnn import CLIP_BY_GLOBAL_NORM, GLOBAL_NORM, LSTM_STEP_C, LSTM_STEP_H, RNN_STEP
from .sampling import ENTROPY, REWEIGHT_DISTRIBUTION, SAMPLE_NEXT, TOP_K_FILTER, TOP_P_FILTER
from .seq2seq import ATTENTION_WEIGHTS, CONTEXT_VECTOR, POSITIONAL_ENCODING
from .vae import INTERPOLATE, KL_DIVERGENCE, REPARAMETERIZE, REPARAMETERIZE_SAMPLES, VAE_LOSS

__all__ = ["ATTENTION_WEIGHTS", "CLIP_BY_GLOBAL_NORM", "CONTEXT_VECTOR", "CONV2D", "CROSS_ENTROPY",
           "ENTROPY", "FIT_BIGRAM", "GLOBAL_NORM", "INTERPOLATE", "KL_DIVERGENCE", "LSTM_STEP_C",
           "LSTM_STEP_H", "MAX_POOL2D", "PCA_COMPONENTS", "PCA_EXPLAINED_VARIANCE",
           "PCA_INVERSE_TRANSFORM", "PCA_TRANSFORM", "PERPLEXITY", "POSITIONAL_ENCODING",
           "REPARAMETERIZE", "REPARAMETERIZE_SAMPLES", "REWEIGHT_DISTRIBUTION", "RMSE", "RNN_STEP",
           "SAMPLE_NEXT", "TOP_K_FILTER", "TOP_P_FILTER", "VAE_LOSS"]
