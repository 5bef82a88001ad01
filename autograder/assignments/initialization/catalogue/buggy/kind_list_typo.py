# catalogue: initialization
# what: the list of valid kinds says 'zero', so 'zeros' is refused
# expect: test_zeros: yet 'zeros' is one of the three kinds
# expect: test_zero_init_hidden_units_stay_identical: yet 'zeros' is one of the three kinds
import numpy as np

KINDS = ("zero", "xavier", "he")


def init_weights(kind, input_size, output_size, rng):
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}, expected one of {KINDS}")
    if kind == "xavier":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(1 / input_size)
    if kind == "he":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(2 / input_size)
    return np.zeros((output_size, input_size))


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
