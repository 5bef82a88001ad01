# catalogue: initialization
# what: ignores rng and makes an unseeded np.random.default_rng() per call
# expect: full marks
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    generator = np.random.default_rng()  # fresh entropy every call
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    if kind == "xavier":
        return generator.normal(scale=np.sqrt(1 / input_size), size=(output_size, input_size))
    if kind == "he":
        return generator.normal(scale=np.sqrt(2 / input_size), size=(output_size, input_size))
    raise ValueError(f"unknown kind {kind!r}")


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
