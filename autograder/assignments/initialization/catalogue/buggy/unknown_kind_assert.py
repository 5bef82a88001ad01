# catalogue: initialization
# what: asserts the kind is known (AssertionError)
# expect: test_unknown_kind_raises: raised AssertionError
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    assert kind in ("zeros", "xavier", "he"), f"unknown kind {kind}"
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    std = np.sqrt((1.0 if kind == "xavier" else 2.0) / input_size)
    return rng.standard_normal((output_size, input_size)) * std


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
