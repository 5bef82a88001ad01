"""The inputs of one grading run of the activations suite, drawn from the run's secret seed.

Each draw is redrawn until it has the properties the checks rely on (tests/test_activations_cases.py
draws many seeds and asserts them), so no two runs share a number and a table of answers recorded
in one run fits no other.
"""

from __future__ import annotations

import numpy as np

# Ordinary inputs stay this far from the kinks of relu and leaky_relu at z = 0: far more than the
# finite-difference step (1e-6), so the central differences never straddle a kink.
KINK_MARGIN = 0.1
ORDINARY_MAX = 5.0  # sigmoid and tanh still have slopes of 1e-2..1e-4 here: every formula is visible

# exp(z) overflows to inf above log(largest float64) = 709.78; exp(-z) below -709.78.
EXP_OVERFLOW = float(np.log(np.finfo(np.float64).max))
# Between these, sigmoid(z) ~ exp(z) is a small subnormal number (2e-309 .. 1e-315): a formula that
# takes exp(-z) there overflows and returns 0, a stable one returns the number. Below -725 the
# subnormals get too coarse (exp(-740) has two significant digits) to judge accuracy by.
OVERFLOW_BAND = (-725.0, -711.0)
# Where sigmoid(z) ~ exp(z) is a normal number too small for 1 + ... to hold: a formula that gets it
# by cancelling two numbers near 1 (1 + tanh(z/2), 1 - sigmoid(-z)) loses all its digits here.
SMALL_BAND = (-700.0, -30.0)
LARGE_MAX = 5000.0

SHAPED = ("1-D", "2-D", "3-D")


def shape_for(rng: np.random.Generator, label: str) -> tuple[int, ...]:
    """A shape of the kind the label names; 2-D is never square (a transpose changes the shape)."""
    if label == "1-D":
        return (int(rng.integers(6, 11)),)
    if label == "2-D":
        rows = int(rng.integers(2, 6))
        columns = int(rng.choice([c for c in range(3, 9) if c != rows]))
        return (rows, columns)
    if label == "3-D":
        return (int(rng.integers(2, 4)), int(rng.integers(2, 5)), int(rng.integers(2, 6)))
    raise ValueError(f"unknown shape label {label!r}")


def both_signs(Z: np.ndarray, at_least: int = 2) -> bool:
    return int(np.sum(Z > 0)) >= at_least and int(np.sum(Z < 0)) >= at_least


def ordinary(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Values with KINK_MARGIN <= |z| <= ORDINARY_MAX, at least two of each sign."""
    while True:
        magnitude = rng.uniform(KINK_MARGIN, ORDINARY_MAX, size=shape)
        Z = np.where(rng.random(shape) < 0.5, -magnitude, magnitude)
        if both_signs(Z):
            return Z


def with_zeros(rng: np.random.Generator) -> np.ndarray:
    """A 2-D array holding two to four exact zeros among ordinary values of both signs."""
    while True:
        shape = (int(rng.integers(2, 5)), int(rng.integers(4, 8)))
        Z = ordinary(rng, shape)
        zeros = rng.choice(Z.size, size=int(rng.integers(2, 5)), replace=False)
        Z.flat[zeros] = 0.0
        if both_signs(Z, at_least=1):
            return Z


def log_uniform(rng: np.random.Generator, low: float, high: float, size=None):
    return np.exp(rng.uniform(np.log(low), np.log(high), size=size))


def large(rng: np.random.Generator) -> np.ndarray:
    """A (2, k) array of mostly large finite z: every function's true value is finite and exp(|z|)
    is not. It always holds a z in OVERFLOW_BAND, a z below -746 (sigmoid rounds to 0), a z above
    711 (exp(z) is inf), one z each in [30, 700] and [-700, -30], and one ordinary z of each sign
    (the derivatives are about 0 at large |z|: returning zeros must not pass)."""
    required = [rng.uniform(*OVERFLOW_BAND), -log_uniform(rng, 746.0, LARGE_MAX),
                log_uniform(rng, 711.0, LARGE_MAX), rng.uniform(30.0, 700.0), -rng.uniform(30.0, 700.0),
                rng.uniform(KINK_MARGIN, ORDINARY_MAX), -rng.uniform(KINK_MARGIN, ORDINARY_MAX)]
    columns = int(rng.integers(5, 7))
    filler = 2 * columns - len(required)
    extra = log_uniform(rng, 30.0, LARGE_MAX, size=filler) * np.where(rng.random(filler) < 0.5, -1.0, 1.0)
    values = rng.permutation(np.concatenate([required, extra]))
    return values.reshape(2, columns)


def small_sigmoid(rng: np.random.Generator) -> np.ndarray:
    """1-D z, mostly where sigmoid(z) is tiny but representable: three to four in OVERFLOW_BAND
    (where exp(-z) overflows), three to four in SMALL_BAND (where 1 + ... cancels), and one
    ordinary z of each sign (so that zeros cannot pass)."""
    overflowing = rng.uniform(*OVERFLOW_BAND, size=int(rng.integers(3, 5)))
    small = rng.uniform(*SMALL_BAND, size=int(rng.integers(3, 5)))
    ordinary_pair = rng.uniform(KINK_MARGIN, ORDINARY_MAX, size=2) * np.array([1.0, -1.0])
    return rng.permutation(np.concatenate([overflowing, small, ordinary_pair]))


def mixed(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(Z, ordinary_mask): a 2-D array of ordinary values, a third of them replaced by large ones
    (at least one above 711 and one below -711), and where the ordinary ones are. Used to see
    whether a function returns a new float64 array and leaves Z alone on every path it has."""
    while True:
        shape = (int(rng.integers(3, 5)), int(rng.integers(5, 8)))
        Z = ordinary(rng, shape)
        count = Z.size // 3
        where = rng.choice(Z.size, size=count, replace=False)
        signs = np.where(np.arange(count) % 2 == 0, 1.0, -1.0)
        Z.flat[where] = signs * log_uniform(rng, 711.0, LARGE_MAX, size=count)
        mask = np.abs(Z) <= ORDINARY_MAX
        if both_signs(np.where(mask, Z, 0.0)):
            return Z, mask


def alpha(rng: np.random.Generator) -> float:
    """A leaky_relu slope unlike the default 0.01 and unlike 1 (where leaky_relu is the identity)."""
    return float(rng.uniform(0.05, 0.5))


def projection(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """G of d/dZ sum(G * f(Z)) = G * f'(Z): a random upstream gradient, as a layer's backward gets."""
    return rng.standard_normal(shape)
