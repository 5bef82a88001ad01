# catalogue: initialization
# what: answers the questions with the other wrong options
# expect: test_question_zero_init: same examples through the same
# expect: test_question_relu_zero_weights: Nothing grows
# expect: test_question_he_suits: Glorot's compromise
# expect: test_question_xavier_suits: it is Xavier's 1/n that makes
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(1.0 / input_size)
    if kind == "he":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(2.0 / input_size)
    raise ValueError(f"unknown kind {kind!r}")


answer_zero_init = "b"
answer_zero_bias_ok = "yes"
answer_relu_zero_weights = "c"
answer_single_layer_symmetry = "no"
answer_he_suits = "c"
answer_xavier_suits = "d"
