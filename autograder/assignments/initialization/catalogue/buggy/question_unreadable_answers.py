# catalogue: initialization
# what: answers with words where letters or booleans are asked
# expect: test_question_zero_init: should be one letter
# expect: test_question_zero_bias_ok: should be True or False
# expect: test_question_he_suits: should be one letter
# expect: test_question_single_layer_symmetry: not answered yet
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(1.0 / input_size)
    if kind == "he":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(2.0 / input_size)
    raise ValueError(f"unknown kind {kind!r}")


answer_zero_init = "the units stay identical"
answer_zero_bias_ok = "it depends"
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = None
answer_he_suits = "relu"
answer_xavier_suits = "b"
