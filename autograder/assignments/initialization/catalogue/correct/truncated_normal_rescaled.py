# catalogue: initialization
# what: truncated normal (redraws beyond 2 sigma), rescaled by the truncated spread
# expect: full marks
import numpy as np

# A standard normal truncated to [-2, 2] has standard deviation 0.8796256610342398; dividing by it
# gives variance 1 again (what Keras' truncated_normal initialisers do).
TRUNCATED_STD = 0.8796256610342398


def truncated_standard_normal(rng, shape):
    Z = rng.standard_normal(shape)
    outside = np.abs(Z) > 2
    while outside.any():
        Z[outside] = rng.standard_normal(outside.sum())
        outside = np.abs(Z) > 2
    return Z / TRUNCATED_STD


def init_weights(kind, input_size, output_size, rng):
    shape = (output_size, input_size)
    if kind == "zeros":
        return np.zeros(shape)
    if kind in ("xavier", "he"):
        variance = (1.0 if kind == "xavier" else 2.0) / input_size
        return truncated_standard_normal(rng, shape) * np.sqrt(variance)
    raise ValueError(f"unknown kind {kind!r}")


answer_zero_init = "C"
answer_zero_bias_ok = "yes"
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = "no"
answer_he_suits = "d"
answer_xavier_suits = "B"
