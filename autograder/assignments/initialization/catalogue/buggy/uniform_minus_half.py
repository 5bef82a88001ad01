# catalogue: initialization
# what: rng.random() - 0.5 scaled like a standard normal
# expect: test_xavier_scale: 1/(12n)
# expect: test_he_scale: 2/(12n)
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return (rng.random((output_size, input_size)) - 0.5) * np.sqrt(1 / input_size)
    if kind == "he":
        return (rng.random((output_size, input_size)) - 0.5) * np.sqrt(2 / input_size)
    raise ValueError(f"unknown kind {kind!r}")


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
