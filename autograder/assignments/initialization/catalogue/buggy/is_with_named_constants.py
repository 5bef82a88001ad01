# catalogue: initialization
# what: compares kind with `is` against module constants (no SyntaxWarning)
# expect: test_zeros: == rather than `is`
# expect: test_he_scale: == rather than `is`
import numpy as np

ZEROS, XAVIER, HE = "zeros", "xavier", "he"


def init_weights(kind, input_size, output_size, rng):
    shape = (output_size, input_size)
    if kind is ZEROS:
        return np.zeros(shape)
    elif kind is XAVIER:
        return rng.standard_normal(shape) / np.sqrt(input_size)
    elif kind is HE:
        return rng.standard_normal(shape) * np.sqrt(2 / input_size)
    else:
        raise ValueError("kind must be zeros, xavier or he")


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
