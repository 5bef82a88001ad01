# catalogue: initialization
# what: standard normal weights, not scaled by the fan-in
# expect: test_xavier_scale: 1 (no scaling at all
# expect: test_he_scale: 1 (no scaling at all
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return rng.standard_normal((output_size, input_size))
    if kind == "he":
        return rng.standard_normal((output_size, input_size))
    raise ValueError(f"unknown kind {kind!r}")


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
