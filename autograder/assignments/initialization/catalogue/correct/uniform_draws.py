# catalogue: initialization
# what: uniform draws with the right limits sqrt(3/n) and sqrt(6/n), a dict of scales, loosely typed answers
# expect: full marks
import numpy as np

UNIFORM_LIMIT_FACTOR = {"xavier": 3.0, "he": 6.0}  # Var(U(-a, a)) = a^2 / 3


def init_weights(kind, input_size, output_size, rng):
    if kind == "zeros":
        return np.zeros((output_size, input_size), dtype=np.float64)
    if kind not in UNIFORM_LIMIT_FACTOR:
        raise ValueError("kind must be one of: zeros, xavier, he")
    limit = np.sqrt(UNIFORM_LIMIT_FACTOR[kind] / input_size)
    return rng.uniform(-limit, limit, size=(output_size, input_size))


answer_zero_init = "C"
answer_zero_bias_ok = "yes"
answer_relu_zero_weights = " (a) "
answer_single_layer_symmetry = "no"
answer_he_suits = "D"
answer_xavier_suits = "b"
