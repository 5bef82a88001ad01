# catalogue: initialization
# what: ignores rng and uses np.random.randn / np.random.normal; elif chain with a final else
# expect: full marks
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    shape = (output_size, input_size)
    if kind == "zeros":
        W = np.zeros(shape)
    elif kind == "xavier":
        W = np.random.randn(*shape) / np.sqrt(input_size)
    elif kind == "he":
        W = np.random.normal(0.0, np.sqrt(2 / input_size), size=shape)
    else:
        raise ValueError("Unknown initialisation: " + str(kind))
    return W


answer_zero_init = "c)"
answer_zero_bias_ok = True
answer_relu_zero_weights = "A"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
