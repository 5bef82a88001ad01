# Correct, written differently: He initialisation, np.dot, einsum, mean instead of sum / m,
# a copy of the old weights, in-place updates.
# %% layer_class
class Layer:
    """My dense layer."""

    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        # He initialisation: variance 2 / fan-in
        self.W = np.random.normal(0.0, np.sqrt(2.0 / input_size), size=(output_size, input_size))
        self.b = np.zeros(shape=(output_size, 1), dtype=np.float64)
        self.activation_fn, self.activation_dfn = activation_fn, activation_dfn

    def forward(self, A_prev):
        self.A_prev = np.asarray(A_prev, dtype=np.float64)
        self.Z = np.dot(self.W, self.A_prev) + self.b
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        dZ = np.multiply(dA, self.activation_dfn(self.Z))
        batch = dZ.shape[1]
        dW = np.einsum("om,im->oi", dZ, self.A_prev) / batch
        db = dZ.mean(axis=1, keepdims=True)
        W_old = self.W.copy()
        self.W -= learning_rate * dW
        self.b -= learning_rate * db
        return np.dot(W_old.T, dZ)

# %% answer_why_cache
answer_why_cache = "a"

# %% answer_why_keepdims
answer_why_keepdims = "d"

# %% answer_dW_meaning
answer_dW_meaning = "b"

# %% answer_old_W
answer_old_W = "c"
