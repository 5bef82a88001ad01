# catalogue: initialization
# what: uniform draws on [-1, 1], not scaled by the fan-in
# expect: test_xavier_scale: 1/3 (a uniform draw on [-1, 1] without scaling)
# expect: test_he_scale: 1/3 (a uniform draw on [-1, 1] without scaling)
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return rng.uniform(-1, 1, (output_size, input_size))
    if kind == "he":
        return rng.uniform(-1, 1, (output_size, input_size))
    raise ValueError(f"unknown kind {kind!r}")


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
