# catalogue: initialization
# what: compares kind with `is` (works on literals in the learner's own tests)
# expect: test_zeros: Python warned that your code compares with `is`
# expect: test_xavier_scale: compares with `is`
# expect: test_unknown_kind_raises: yet 'he' is one of the three kinds
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    shape = (output_size, input_size)
    if kind is "zeros":
        return np.zeros(shape)
    if kind is "xavier":
        return rng.standard_normal(shape) * np.sqrt(1 / input_size)
    if kind is "he":
        return rng.standard_normal(shape) * np.sqrt(2 / input_size)
    raise ValueError(f"unknown kind {kind!r}")


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
