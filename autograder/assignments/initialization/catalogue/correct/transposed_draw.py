# catalogue: initialization
# what: draws (input_size, output_size) and returns its transpose
# expect: full marks
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((input_size, output_size)).T
    if kind == "xavier":
        return (rng.standard_normal((input_size, output_size)) * np.sqrt(1 / input_size)).T
    if kind == "he":
        return (rng.standard_normal((input_size, output_size)) * np.sqrt(2 / input_size)).T
    raise ValueError(f"unknown kind {kind!r}")


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
