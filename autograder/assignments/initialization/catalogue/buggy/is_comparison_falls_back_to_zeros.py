# catalogue: initialization
# what: validates kind with `in`, picks the branch with `is`, zeros by default
# expect: test_xavier_scale: returned all zeros
# expect: test_xavier_scale: Python warned that your code compares with `is`
# expect: test_rows_are_distinct: returned all zeros
# expect: test_random_init_hidden_units_diverge: returned all zeros
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    if kind not in ("zeros", "xavier", "he"):
        raise ValueError(f"unknown kind {kind!r}")
    shape = (output_size, input_size)
    if kind is "xavier":
        return rng.standard_normal(shape) * np.sqrt(1 / input_size)
    if kind is "he":
        return rng.standard_normal(shape) * np.sqrt(2 / input_size)
    return np.zeros(shape)


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
