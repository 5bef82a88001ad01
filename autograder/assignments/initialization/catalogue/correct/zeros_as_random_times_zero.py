# catalogue: initialization
# what: zeros as random numbers times 0 (some entries are -0.0); rng.normal for the rest
# expect: full marks
import numpy as np


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return rng.standard_normal((output_size, input_size)) * 0.0
    if kind == "xavier":
        return rng.normal(0.0, np.sqrt(1 / input_size), (output_size, input_size))
    if kind == "he":
        return rng.normal(0.0, np.sqrt(2 / input_size), (output_size, input_size))
    raise ValueError(f"unknown kind {kind!r}")


answer_zero_init = " c "
answer_zero_bias_ok = 1
answer_relu_zero_weights = "A)"
answer_single_layer_symmetry = 0
answer_he_suits = "(d)"
answer_xavier_suits = "b"
