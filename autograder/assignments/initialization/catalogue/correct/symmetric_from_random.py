# catalogue: initialization
# what: uniform draws made from rng.random(): (2u - 1) * sqrt(3 var)
# expect: full marks
import numpy as np


def uniform_with_variance(rng, shape, variance):
    # 2u - 1 is uniform on [-1, 1), variance 1/3: times sqrt(3 variance) it has the variance asked for
    return (2 * rng.random(shape) - 1) * np.sqrt(3 * variance)


def init_weights(kind, input_size, output_size, rng):
    shape = (output_size, input_size)
    if kind == "zeros":
        return np.zeros(shape)
    if kind == "xavier":
        return uniform_with_variance(rng, shape, 1 / input_size)
    if kind == "he":
        return uniform_with_variance(rng, shape, 2 / input_size)
    raise ValueError(f"unknown kind {kind!r}")


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
