# catalogue: initialization
# what: he as sqrt(2) times the Xavier draw; validates the kind first
# expect: full marks
import numpy as np

KINDS = ("zeros", "xavier", "he")


def init_weights(kind, input_size, output_size, rng):
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    if kind == "zeros":
        return np.zeros((output_size, input_size))
    W = rng.standard_normal((output_size, input_size), dtype=np.float64) / np.sqrt(input_size)
    return W * np.sqrt(2) if kind == "he" else W


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
