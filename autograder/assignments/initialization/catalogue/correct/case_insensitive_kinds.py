# catalogue: initialization
# what: accepts 'Xavier' or ' HE ' too (kind.strip().lower()); elif chain
# expect: full marks
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    name = kind.strip().lower()
    shape = (output_size, input_size)
    if name == "zeros":
        W = np.zeros(shape)
    elif name == "xavier":
        W = rng.standard_normal(shape) * (1 / input_size) ** 0.5
    elif name == "he":
        W = rng.standard_normal(shape) * (2 / input_size) ** 0.5
    else:
        raise ValueError("unknown initialisation " + repr(kind))
    return W


answer_zero_init = "c"
answer_zero_bias_ok = "Yes, the weights already differ"
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = "No, each weight gets its own gradient"
answer_he_suits = "d"
answer_xavier_suits = "b"
