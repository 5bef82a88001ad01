"""Symmetry-breaking helpers for suites that judge initial weights (the layer's, a plug-in's).

Neurons whose incoming weights are equal compute the same output and get the same gradient, so
they stay copies of each other forever; an initialisation breaks that symmetry when its rows
differ, its weights are centred on zero and their scale suits the layer's fan-in. These helpers
compute the evidence; each suite words its own diagnosis.
"""

from __future__ import annotations

import numpy as np

# For weights drawn symmetric about 0 (normal or uniform), conditionally on their magnitudes the
# signs are independent fair coins, so by Hoeffding the self-normalised sum
# t = sum(w) / sqrt(sum(w^2)) has P(|t| >= 7) <= 2 exp(-49/2) = 4.6e-11 whatever the distribution
# and scales. Weights of one sign (np.random.rand) give t = 0.87 sqrt(N): 39 for N = 2048.
CENTRING_LIMIT = 7.0


def all_equal(W: np.ndarray) -> bool:
    """Every entry the same (zeros, ones): the whole layer is one neuron."""
    return bool(W.size) and bool(np.all(W == W.flat[0]))


def distinct_rows(W: np.ndarray) -> list[np.ndarray]:
    """The rows of W that differ, each once (rows are compared exactly, as the arithmetic does)."""
    return list({row.tobytes(): row for row in W}.values())


def has_identical_rows(W: np.ndarray) -> bool:
    return len(distinct_rows(W)) < W.shape[0]


def centring(weights: np.ndarray) -> float:
    """t = |sum(w)| / sqrt(sum(w^2)): below CENTRING_LIMIT for any init symmetric about 0. Pass each
    distinct row once: repeated rows are one draw, and counting them again breaks the bound."""
    weights = np.ravel(weights)
    size = float(np.sqrt(np.sum(weights ** 2)))
    return abs(float(np.sum(weights))) / size if size else 0.0


def fan_in_scale(W: np.ndarray, fan_in: int) -> float:
    """mean(fan_in * w^2): 1 for Xavier/LeCun (variance 1/fan_in), 2 for He, 1/3 for U(+-1/sqrt(fan_in))."""
    return float(fan_in * np.mean(np.asarray(W, dtype=np.float64) ** 2))
