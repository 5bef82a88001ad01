# catalogue: network
# what: train records the loss but never calls backward
# expect: test_train_loss_decreases: never changed
# expect: test_learns_xor: did not learn XOR
import numpy as np


class ActivationFunction:
    """Working activations as static methods (elementwise; Z has shape (units, m))."""

    @staticmethod
    def relu(Z):
        return np.maximum(0.0, Z)

    @staticmethod
    def relu_derivative(Z):
        return (Z > 0).astype(np.float64)

    @staticmethod
    def sigmoid(Z):
        E = np.exp(-np.abs(Z))  # exp of a number <= 0 only: never overflows
        return np.where(Z >= 0, 1.0 / (1.0 + E), E / (1.0 + E))

    @staticmethod
    def sigmoid_derivative(Z):
        S = ActivationFunction.sigmoid(Z)
        return S * (1.0 - S)

    @staticmethod
    def tanh(Z):
        return np.tanh(Z)

    @staticmethod
    def tanh_derivative(Z):
        return 1.0 - np.tanh(Z) ** 2


class Layer:
    """A working dense layer: Z = W @ A_prev + b, A = activation_fn(Z) (see the `layer` notebook).

    backward(dA, learning_rate) takes the per-example gradient dA = dL/dA, averages the
    parameters' gradients over the m examples, updates W and b, and returns dA_prev.
    """

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
        dW = dZ @ self.A_prev.T / m
        db = np.sum(dZ, axis=1, keepdims=True) / m
        dA_prev = self.W.T @ dZ  # the weights of the forward pass: before the update
        self.W = self.W - learning_rate * dW
        self.b = self.b - learning_rate * db
        return dA_prev


def bce(A, Y):
    """Mean binary cross-entropy over the m examples (columns): a float. A, Y: (n_out, m).

    A is clipped to [1e-12, 1 - 1e-12] so that log(0) never happens.
    """
    A = np.clip(A, 1e-12, 1.0 - 1e-12)
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A)) / m)


def bce_derivative(A, Y):
    """Per-example dl/dA of the binary cross-entropy, shape (n_out, m); no 1/m. A clipped as in bce."""
    A = np.clip(A, 1e-12, 1.0 - 1e-12)
    return -(Y / A) + (1.0 - Y) / (1.0 - A)


def mse(A, Y):
    """Mean over the m examples (columns) of the squared error summed over outputs: a float."""
    m = Y.shape[1]
    return float(np.sum((A - Y) ** 2) / m)


def mse_derivative(A, Y):
    """Per-example dl/dA of the squared error: 2 (A - Y), shape (n_out, m); no 1/m."""
    return 2.0 * (A - Y)


class Network:
    """Layers in sequence; trained by gradient descent on the whole batch."""

    def __init__(self, layers):
        """layers: a list of Layer objects, first to last."""
        self.layers = list(layers)

    def forward(self, X):
        """X: (n_in, m). Returns the last layer's output, (n_out, m)."""
        A = X
        for layer in self.layers:
            A = layer.forward(A)
        return A

    def backward(self, dA, learning_rate):
        """dA: dL/dA at the output, per example, (n_out, m). Updates every layer, last to first."""
        for layer in reversed(self.layers):
            dA = layer.backward(dA, learning_rate)
        return dA

    def train(self, X, Y, epochs, learning_rate, loss="bce"):
        if loss not in ("bce", "mse"):
            raise ValueError(f"unknown loss {loss!r}")
        loss_fn = bce if loss == "bce" else mse
        history = []
        for _ in range(epochs):
            A = self.forward(X)
            history.append(loss_fn(A, Y))
        return history

    def predict(self, X):
        """0/1 predictions: the outputs thresholded at 0.5, (n_out, m)."""
        return (self.forward(X) > 0.5).astype(np.float64)


answer_dZ = "b"
answer_clip = "d"
answer_no_m = "c"
