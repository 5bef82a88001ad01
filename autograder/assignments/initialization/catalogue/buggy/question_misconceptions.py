# catalogue: initialization
# what: answers the questions with the usual misconceptions
# expect: test_question_zero_init: not just slow
# expect: test_question_zero_bias_ok: Biases may start at 0
# expect: test_question_relu_zero_weights: worse than lockstep
# expect: test_question_single_layer_symmetry: no symmetry problem
# expect: test_question_he_suits: not there to reach tanh's curve
# expect: test_question_xavier_suits: halves the mean square
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(1.0 / input_size)
    if kind == "he":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(2.0 / input_size)
    raise ValueError(f"unknown kind {kind!r}")


answer_zero_init = "d"
answer_zero_bias_ok = False
answer_relu_zero_weights = "b"
answer_single_layer_symmetry = True
answer_he_suits = "a"
answer_xavier_suits = "a"
