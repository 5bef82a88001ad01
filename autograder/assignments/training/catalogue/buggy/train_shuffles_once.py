# catalogue: training
# what: minibatches called once, before the epoch loop
# expect: test_train_follows_the_batches: first epoch's batches
# Training a network: mini-batches, learning rates, train and test


import numpy as np


class ActivationFunction:
    """Working activations as static methods (elementwise; Z has shape (units, m))."""

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
    parameters' gradients over the m examples of the batch, updates W and b, and returns dA_prev.
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
    """Mean binary cross-entropy over the m examples (columns): a float."""
    A = np.clip(A, 1e-12, 1.0 - 1e-12)
    return float(-np.sum(Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A)) / Y.shape[1])


def bce_derivative(A, Y):
    """Per-example dl/dA, shape (1, m); no 1/m (the layers average over the batch). A is clipped
    like in bce: a saturated output (exactly 0.0 or 1.0) gives a huge but finite gradient, so a
    diverging run shows as a loss that shoots up, not as NaN."""
    A = np.clip(A, 1e-12, 1.0 - 1e-12)
    return -(Y / A) + (1.0 - Y) / (1.0 - A)


class Network:
    """Layers in sequence (the reference Network of the `network` notebook)."""

    def __init__(self, layers):
        self.layers = list(layers)

    def forward(self, X):
        A = X
        for layer in self.layers:
            A = layer.forward(A)
        return A

    def backward(self, dA, learning_rate):
        for layer in reversed(self.layers):
            dA = layer.backward(dA, learning_rate)
        return dA

    def train(self, X, Y, epochs, learning_rate):
        """Full-batch gradient descent on bce: the loss of each epoch, before its update."""
        history = []
        for _ in range(epochs):
            A = self.forward(X)
            history.append(bce(A, Y))
            self.backward(bce_derivative(A, Y), learning_rate)
        return history

    def predict(self, X):
        """0/1 predictions: the outputs thresholded at 0.5, (1, m)."""
        return (self.forward(X) > 0.5).astype(np.float64)


def make_network(sizes, seed):
    """A Network sizes[0] -> sizes[1] -> ... -> sizes[-1]: tanh hidden layers, a sigmoid output,
    W drawn from N(0, 1/n_in) with np.random.default_rng(seed), b = 0: the same seed, the same
    starting weights. make_network([2, 8, 1], seed) has one hidden layer of 8 units;
    make_network([2, 1], seed) has none (logistic regression)."""
    rng = np.random.default_rng(seed)
    layers = []
    for index, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        output = index == len(sizes) - 2
        fn = ActivationFunction.sigmoid if output else ActivationFunction.tanh
        dfn = ActivationFunction.sigmoid_derivative if output else ActivationFunction.tanh_derivative
        layer = Layer(n_in, n_out, fn, dfn)
        layer.W = rng.standard_normal((n_out, n_in)) * np.sqrt(1.0 / n_in)
        layers.append(layer)
    return Network(layers)


def make_moons(m, noise, rng):
    """m points of two interleaved half-moons with Gaussian noise: X (2, m), Y (1, m) of 0.0 and 1.0."""
    labels = rng.random(m) < 0.5
    angles = rng.uniform(0.0, np.pi, m)
    upper = np.vstack([np.cos(angles), np.sin(angles)])
    lower = np.vstack([1.0 - np.cos(angles), 0.5 - np.sin(angles)])
    X = np.where(labels, lower, upper) + noise * rng.standard_normal((2, m))
    X = (X - np.array([[0.5], [0.25]])) * np.array([[1.0], [2.0]])  # centred, about as tall as wide
    return X, labels.astype(np.float64).reshape(1, m)


# The settings of the data set and of the experiments (the grader re-runs them with these).
N_TRAIN, N_TEST, NOISE = 200, 500, 0.2          # training and test examples, the moons' noise
UNITS = 8                                       # the hidden units of the network [2, UNITS, 1]
EPOCHS, BATCH_SIZE = 40, 16                     # the learning-rate experiment
BATCH_SIZES, BS_RATE, BS_EPOCHS = (4, 32, 200), 0.3, 15   # the batch-size experiment
SMALL_SIZE, WIDE = 20, 30                       # the small training set, the wide network [2, WIDE, 1]
SMALL_RATE, SMALL_BATCH, SMALL_EPOCHS, CHECKPOINT = 1.0, 20, 600, 60


# 0. The data set, and your seed


# Your seed: any whole number from 0 to 1_000_000_000.
answer_seed = 20240601


if answer_seed is None:
    print("Choose your seed, answer_seed, in the cell above: the data set is drawn from it.")
else:
    SEED = answer_seed
    X_all, Y_all = make_moons(N_TRAIN + N_TEST, NOISE, np.random.default_rng(SEED))
    X_train, Y_train = X_all[:, :N_TRAIN].copy(), Y_all[:, :N_TRAIN].copy()
    X_test, Y_test = X_all[:, N_TRAIN:].copy(), Y_all[:, N_TRAIN:].copy()
    X_small, Y_small = X_train[:, :SMALL_SIZE].copy(), Y_train[:, :SMALL_SIZE].copy()
    NETWORK_SEED, SHUFFLE_SEED = SEED + 1, SEED + 2  # one seed for each job: data, starting weights, shuffling
    print(f"training set {X_train.shape}, {Y_train.mean():.0%} of label 1; test set {X_test.shape}")


# 1. Mini-batches


def minibatches(X, Y, batch_size, rng):
    """One epoch's shuffled mini-batches: a list of (X_batch, Y_batch) pairs holding every column
    of X (and its label in Y) exactly once; all of batch_size columns but the last, which holds
    what is left. X: (n, m), Y: (1, m), rng: a np.random.Generator."""
    m = X.shape[1]
    order = rng.permutation(m)  # one permutation for X and Y: every example keeps its label
    return [(X[:, order[start:start + batch_size]], Y[:, order[start:start + batch_size]])
            for start in range(0, m, batch_size)]


# Your answer: one letter, "a", "b", "c" or "d".
answer_shuffle = "c"


# 2. Training with mini-batches


def train_minibatch(network, X, Y, epochs, learning_rate, batch_size, rng):
    """Mini-batch gradient descent on bce: for each epoch, one update per batch of minibatches(X, Y,
    batch_size, rng); returns the list of the training set's loss after each epoch (floats)."""
    losses = []
    batches = minibatches(X, Y, batch_size, rng)
    for _ in range(epochs):
        for X_batch, Y_batch in batches:
            A = network.forward(X_batch)
            network.backward(bce_derivative(A, Y_batch), learning_rate)
        losses.append(bce(network.forward(X), Y))
    return losses


# 3. Accuracy, and a hidden layer that earns its keep


def accuracy(network, X, Y):
    """The fraction of the m examples (columns) whose prediction, the output thresholded at 0.5,
    equals the label: a float between 0 and 1."""
    return float(np.mean(network.predict(X) == Y))


# Your answer: one letter, "a", "b", "c" or "d".
answer_hidden_layer = "c"


# 4. Learning rates: too small, good, too large


def learning_rate_curves(learning_rates):
    """For each rate, in order: a fresh make_network([2, UNITS, 1], NETWORK_SEED) trained with
    train_minibatch for EPOCHS epochs of BATCH_SIZE, shuffled by a fresh
    np.random.default_rng(SHUFFLE_SEED). Returns the list of the curves train_minibatch returned."""
    curves = []
    for rate in learning_rates:
        network = make_network([2, UNITS, 1], NETWORK_SEED)
        curves.append(train_minibatch(network, X_train, Y_train, EPOCHS, rate, BATCH_SIZE,
                                      np.random.default_rng(SHUFFLE_SEED)))
    return curves


# Your answer: 3 to 8 learning rates, from one that is too small to one that clearly diverges.
answer_learning_rates = [0.001, 0.1, 1.0, 100.0]


# Your answer: a list of numbers taken from answer_learning_rates, e.g. [10.0, 100.0], or [].
answer_diverged_rates = [100.0]


# Your answer: one number taken from answer_learning_rates.
answer_best_rate = 1.0


# Your answer: one letter, "a", "b", "c" or "d".
answer_too_small = "a"


# 5. Batch sizes: mini-batch against full batch


def batch_size_curves(batch_sizes):
    """For each batch size, in order: a fresh make_network([2, UNITS, 1], NETWORK_SEED) trained with
    train_minibatch for BS_EPOCHS epochs at BS_RATE, shuffled by a fresh
    np.random.default_rng(SHUFFLE_SEED). Returns the list of the curves train_minibatch returned."""
    curves = []
    for batch_size in batch_sizes:
        network = make_network([2, UNITS, 1], NETWORK_SEED)
        curves.append(train_minibatch(network, X_train, Y_train, BS_EPOCHS, BS_RATE, batch_size,
                                      np.random.default_rng(SHUFFLE_SEED)))
    return curves


# Your answer: one of BATCH_SIZES.
answer_lowest_batch_size = 4


# Your answer: a whole number.
answer_updates_per_epoch = 13


# Your answer: one letter, "a", "b", "c" or "d".
answer_batch_noise = "d"


# 6. Train and test: overfitting a small set


def overfit_small_set(network):
    """Train network (a fresh make_network([2, WIDE, 1], NETWORK_SEED)) on (X_small, Y_small) as
    described, with one generator np.random.default_rng(SHUFFLE_SEED) for the whole run. Returns
    (its accuracy on the small set at each checkpoint, its accuracy on the test set at each checkpoint)."""
    rng = np.random.default_rng(SHUFFLE_SEED)
    train, test = [], []
    for _ in range(SMALL_EPOCHS // CHECKPOINT):
        train_minibatch(network, X_small, Y_small, CHECKPOINT, SMALL_RATE, SMALL_BATCH, rng)
        train.append(accuracy(network, X_small, Y_small))
        test.append(accuracy(network, X_test, Y_test))
    return train, test


# Your answer: one number, e.g. 0.12.
answer_small_set_gap = 0.17


# Your answer: one letter, "a", "b", "c" or "d".
answer_gap_remedy = "b"


# Check your work


# Done
