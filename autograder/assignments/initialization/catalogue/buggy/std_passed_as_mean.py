# catalogue: initialization
# what: rng.normal(std, size=...): the scale passed as the mean
# expect: test_xavier_scale: rng.normal(a) draws around the mean a
# expect: test_he_scale: not centred on 0
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return rng.normal(np.sqrt(1 / input_size), size=(output_size, input_size))
    if kind == "he":
        return rng.normal(np.sqrt(2 / input_size), size=(output_size, input_size))
    raise ValueError(f"unknown kind {kind!r}")


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
