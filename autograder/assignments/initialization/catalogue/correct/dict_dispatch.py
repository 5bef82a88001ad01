# catalogue: initialization
# what: a dict of functions; the KeyError of an unknown kind re-raised as ValueError
# expect: full marks
import numpy as np

INITIALISERS = {
    "zeros": lambda n_in, n_out, rng: np.zeros((n_out, n_in)),
    "xavier": lambda n_in, n_out, rng: rng.standard_normal((n_out, n_in)) * np.sqrt(1 / n_in),
    "he": lambda n_in, n_out, rng: rng.standard_normal((n_out, n_in)) * np.sqrt(2 / n_in),
}


def init_weights(kind, input_size, output_size, rng):
    try:
        initialiser = INITIALISERS[kind]
    except KeyError:
        raise ValueError(f"unknown kind {kind!r}; known: {sorted(INITIALISERS)}") from None
    return initialiser(input_size, output_size, rng)


answer_zero_init = "c"
answer_zero_bias_ok = True
answer_relu_zero_weights = "a"
answer_single_layer_symmetry = False
answer_he_suits = "d"
answer_xavier_suits = "b"
