# catalogue: initialization
# what: caches the zero matrices and hands out the same array every call
# expect: test_each_call_gives_new_weights: same array object
import numpy as np

ZEROS = {}  # no need to allocate the same zeros twice


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return ZEROS.setdefault((output_size, input_size), np.zeros((output_size, input_size)))
    if kind == "xavier":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(1.0 / input_size)
    if kind == "he":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(2.0 / input_size)
    raise ValueError(f"unknown kind {kind!r}")


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
