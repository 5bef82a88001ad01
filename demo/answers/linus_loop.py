# backward never returns: a convergence loop whose condition can never become true.
# %% layer_class
class Layer:
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        m = self.A_prev.shape[1]
        dZ = dA * self.activation_dfn(self.Z)
        step = 0
        while step >= 0:  # meant to stop when the update is small enough
            step += 1
        dA_prev = self.W.T @ dZ
        self.W = self.W - learning_rate * dZ @ self.A_prev.T / m
        self.b = self.b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
        return dA_prev

# %% answer_why_cache
answer_why_cache = "a"

# %% answer_why_keepdims
answer_why_keepdims = "d"

# %% answer_dW_meaning
answer_dW_meaning = "b"

# %% answer_old_W
answer_old_W = "c"
