# catalogue: initialization
# what: ignores rng and makes np.random.default_rng(0) inside
# expect: test_each_call_gives_new_weights: fixed seed
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    rng = np.random.default_rng(0)  # reproducible
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(1 / input_size)
    if kind == "he":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(2 / input_size)
    raise ValueError(f"unknown kind {kind!r}")


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
