# catalogue: initialization
# what: returns (W, b), the bias too
# expect: test_shapes_and_dtype: must return a numpy array W
# expect: test_xavier_scale: returned list
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    shape = (output_size, input_size)
    b = np.zeros((output_size, 1))
    if kind == "zeros":
        return np.zeros(shape), b
    if kind == "xavier":
        return rng.standard_normal(shape) * np.sqrt(1 / input_size), b
    if kind == "he":
        return rng.standard_normal(shape) * np.sqrt(2 / input_size), b
    raise ValueError(kind)


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
