# catalogue: initialization
# what: an exception class of its own, derived from Exception
# expect: test_unknown_kind_raises: raised InitError: an unknown kind must raise ValueError
import numpy as np


class InitError(Exception):
    """An initialisation that does not exist."""


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(1.0 / input_size)
    if kind == "he":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(2.0 / input_size)
    raise InitError(f"unknown kind {kind!r}")


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
