# Correct, written differently again: np.matmul, sum then reshape, gradients kept on the layer,
# dA_prev computed first, then the update.
# %% layer_class
class Layer:
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        scale = (1 / input_size) ** 0.5
        self.W = scale * np.random.randn(output_size, input_size)
        self.b = np.zeros((output_size, 1))
        self.fn = activation_fn
        self.dfn = activation_dfn
        self.A_prev = self.Z = self.A = None

    def forward(self, A_prev):
        self.A_prev = A_prev.copy()
        self.Z = np.matmul(self.W, self.A_prev) + self.b
        self.A = self.fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        n_examples = self.A_prev.shape[-1]
        dZ = dA * self.dfn(self.Z)
        self.dW = np.matmul(dZ, self.A_prev.transpose()) / n_examples
        self.db = dZ.sum(axis=1).reshape(-1, 1) / n_examples
        dA_prev = np.matmul(self.W.transpose(), dZ)
        self.W = self.W - learning_rate * self.dW
        self.b = self.b - learning_rate * self.db
        return dA_prev

# %% answer_why_cache
answer_why_cache = "a"

# %% answer_why_keepdims
answer_why_keepdims = "d"

# %% answer_dW_meaning
answer_dW_meaning = "b"

# %% answer_old_W
answer_old_W = "c"
