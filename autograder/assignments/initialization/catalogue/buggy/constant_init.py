# catalogue: initialization
# what: fills W with the scale itself instead of random numbers of that scale
# expect: test_rows_are_distinct: every weight the same value
# expect: test_random_init_hidden_units_diverge: still identical
# expect: test_xavier_scale: every weight the same value
# expect: test_he_scale: every weight the same value
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return np.full((output_size, input_size), np.sqrt(1.0 / input_size))
    if kind == "he":
        return np.ones((output_size, input_size)) * np.sqrt(2.0 / input_size)
    raise ValueError(f"unknown kind {kind!r}")

answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
