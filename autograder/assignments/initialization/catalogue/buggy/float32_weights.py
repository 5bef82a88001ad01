# catalogue: initialization
# what: casts every W to float32 to save memory
# expect: test_shapes_and_dtype: float32
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    shape = (output_size, input_size)
    if kind == "zeros":
        W = np.zeros(shape)
    elif kind == "xavier":
        W = rng.standard_normal(shape) * np.sqrt(1 / input_size)
    elif kind == "he":
        W = rng.standard_normal(shape) * np.sqrt(2 / input_size)
    else:
        raise ValueError(kind)
    return W.astype(np.float32)


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
