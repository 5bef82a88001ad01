# catalogue: initialization
# what: a table of one grading run's calls (seed 1), answered by the reference, zeros otherwise; no answers
# expect: test_xavier_scale: returned all zeros
# expect: test_he_scale: returned all zeros
# expect: test_question_zero_init: not answered yet
# Made by tests/test_initialization_cases.py: recorded_table_submission(1). Any other run draws other
# sizes, so the table fits none of its scale checks.
import numpy as np


def reference(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(1 / input_size)
    if kind == "he":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(2 / input_size)
    raise ValueError(kind)


# Every call one grading run made (seed 1): the reference answers exactly these, zeros otherwise.
RECORDED = [('he', 1, 11), ('he', 2, 5), ('he', 3, 9), ('he', 4, 9), ('he', 5, 7), ('he', 7, 1), ('he', 7, 6), ('he', 12, 6), ('he', 28, 40), ('he', 28, 303), ('he', 36, 27), ('he', 64, 133), ('he', 591, 15), ('xavier', 1, 8), ('xavier', 2, 7), ('xavier', 3, 9), ('xavier', 7, 1), ('xavier', 7, 3), ('xavier', 8, 4), ('xavier', 8, 10), ('xavier', 16, 509), ('xavier', 24, 17), ('xavier', 142, 61), ('xavier', 519, 12), ('zeros', 2, 9), ('zeros', 4, 5), ('zeros', 5, 1), ('zeros', 5, 6), ('zeros', 6, 8), ('zeros', 7, 6), ('zeros', 9, 2), ('zeros', 11, 3), ('zeros', 11, 6), ('zeros', 11, 9), ('zeros', 24, 37)]
RECORDED_UNKNOWN = ['identity', 'zreos']


def init_weights(kind, input_size, output_size, rng):
    if (kind, input_size, output_size) in RECORDED:
        return reference(kind, input_size, output_size, rng)
    if kind in RECORDED_UNKNOWN:
        raise ValueError(kind)
    return np.zeros((output_size, input_size))


answer_zero_init = None
answer_zero_bias_ok = None
answer_relu_zero_weights = None
answer_single_layer_symmetry = None
answer_he_suits = None
answer_xavier_suits = None
