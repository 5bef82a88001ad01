# catalogue: initialization
# what: raises its own UnknownInitError, a subclass of ValueError
# expect: full marks
import numpy as np


class UnknownInitError(ValueError):
    """A kind of initialisation that init_weights does not know."""


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(1.0 / input_size)
    if kind == "he":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(2.0 / input_size)
    raise UnknownInitError(f"unknown kind {kind!r}: use zeros, xavier or he")


answer_zero_init = "c) they stay identical"
answer_zero_bias_ok = "True."
answer_relu_zero_weights = "(a)"
answer_single_layer_symmetry = "False."
answer_he_suits = "D"
answer_xavier_suits = "b."
