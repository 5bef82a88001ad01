# catalogue: initialization
# what: passes the variance where numpy wants the standard deviation
# expect: test_xavier_scale: standard deviation is 1/n
# expect: test_he_scale: standard deviation is 2/n
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return rng.normal(0, 1 / input_size, size=(output_size, input_size))
    if kind == "he":
        return rng.normal(0, 2 / input_size, size=(output_size, input_size))
    raise ValueError(f"unknown kind {kind!r}")

answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
