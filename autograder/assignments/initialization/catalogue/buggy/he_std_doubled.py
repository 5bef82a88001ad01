# catalogue: initialization
# what: he doubles Xavier's standard deviation instead of its variance
# expect: test_he_scale: 4/n (the standard deviation doubled
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(1.0 / input_size)
    if kind == "he":
        return 2 * rng.standard_normal((output_size, input_size)) * np.sqrt(1.0 / input_size)
    raise ValueError(f"unknown kind {kind!r}")


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
