# catalogue: initialization
# what: returns W.tolist()
# expect: test_shapes_and_dtype: must return a numpy array W
# expect: test_zeros: returned list
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    shape = (output_size, input_size)
    if kind == "zeros":
        return np.zeros(shape).tolist()
    if kind == "xavier":
        return (rng.standard_normal(shape) * np.sqrt(1 / input_size)).tolist()
    if kind == "he":
        return (rng.standard_normal(shape) * np.sqrt(2 / input_size)).tolist()
    raise ValueError(kind)


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
