# catalogue: initialization
# what: seeds numpy's global random state on every call
# expect: test_each_call_gives_new_weights: fixed seed
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    np.random.seed(42)
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return np.random.randn(output_size, input_size) * np.sqrt(1 / input_size)
    if kind == "he":
        return np.random.randn(output_size, input_size) * np.sqrt(2 / input_size)
    raise ValueError(f"unknown kind {kind!r}")


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
