# catalogue: initialization
# what: rng.normal(0, std) with std from a variance table; match statement; answers as 1/0 and strings
# expect: full marks
import numpy as np

VARIANCE_NUMERATOR = {"xavier": 1.0, "he": 2.0}


def init_weights(kind, input_size, output_size, rng):
    match kind:
        case "zeros":
            return np.zeros([output_size, input_size])
        case "xavier" | "he":
            std = np.sqrt(VARIANCE_NUMERATOR[kind] / input_size)
            return rng.normal(loc=0.0, scale=std, size=(output_size, input_size))
        case _:
            raise ValueError(kind)


answer_zero_init = "c"
answer_zero_bias_ok = 1
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = "False"
answer_he_suits = "d) ReLU"
answer_xavier_suits = "b) tanh"
