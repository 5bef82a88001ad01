# catalogue: initialization
# what: a dict of scales whose lookup raises KeyError for an unknown kind
# expect: test_unknown_kind_raises: raised KeyError
import numpy as np

SCALES = {"zeros": 0.0, "xavier": 1.0, "he": 2.0}


def init_weights(kind, input_size, output_size, rng):
    scale = SCALES[kind]
    return rng.standard_normal((output_size, input_size)) * np.sqrt(scale / input_size)

answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
