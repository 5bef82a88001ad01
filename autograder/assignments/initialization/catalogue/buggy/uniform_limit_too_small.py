# catalogue: initialization
# what: uniform draws on [-sqrt(1/n), sqrt(1/n)] (variance a^2/3 forgotten)
# expect: test_xavier_scale: the limit must be sqrt(3/n)
# expect: test_he_scale: the limit must be sqrt(6/n)
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return rng.uniform(-np.sqrt(1 / input_size), np.sqrt(1 / input_size), (output_size, input_size))
    if kind == "he":
        return rng.uniform(-np.sqrt(2 / input_size), np.sqrt(2 / input_size), (output_size, input_size))
    raise ValueError(f"unknown kind {kind!r}")

answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
