# catalogue: initialization
# what: xavier is Keras' glorot_uniform, limit sqrt(6/(n_in + n_out))
# expect: test_xavier_scale: Glorot
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return rng.uniform(-np.sqrt(6 / (input_size + output_size)), np.sqrt(6 / (input_size + output_size)), (output_size, input_size))
    if kind == "he":
        return rng.standard_normal((output_size, input_size)) * np.sqrt(2.0 / input_size)
    raise ValueError(f"unknown kind {kind!r}")


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
