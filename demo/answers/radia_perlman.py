# Correct Layer (forward written with explicit broadcasting, backward in one expression each);
# two of the four questions answered wrongly.
# %% layer_class
class Layer:
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) / np.sqrt(input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W.dot(A_prev) + np.broadcast_to(self.b, (self.b.shape[0], A_prev.shape[1]))
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        dZ = dA * self.activation_dfn(self.Z)
        m = dZ.shape[1]
        dA_prev = self.W.T.dot(dZ)
        self.W = self.W - learning_rate * (dZ.dot(self.A_prev.T) / m)
        self.b = self.b - learning_rate * (dZ.sum(axis=1, keepdims=True) / m)
        return dA_prev

# %% answer_why_cache
answer_why_cache = "c"

# %% answer_why_keepdims
answer_why_keepdims = "d"

# %% answer_dW_meaning
answer_dW_meaning = "a"

# %% answer_old_W
answer_old_W = "c"
