# catalogue: initialization
# what: draws one random row and repeats it for every unit
# expect: test_rows_are_distinct: identical rows
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return np.tile(rng.standard_normal(input_size) * np.sqrt(1.0 / input_size), (output_size, 1))
    if kind == "he":
        return np.tile(rng.standard_normal(input_size) * np.sqrt(2.0 / input_size), (output_size, 1))
    raise ValueError(f"unknown kind {kind!r}")

answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
