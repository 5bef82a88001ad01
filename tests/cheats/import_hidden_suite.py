# attack: import the hidden suite and the grader's reference maths, and answer with them
# expect: less than full marks
# why it fails: the child runs `python -I` (no cwd, no PYTHONPATH, no user site) and the project
# folder is covered by an empty mount, so the editable install's path leads nowhere.
import importlib
import sys

import numpy as np

# attack begins
STOLEN = {}
for path in ("/work/main", "/work/main/autograder", "/work/main/autograder/assignments/layer"):
    sys.path.insert(0, path)
for name in ("autograder.assignments.layer.suite", "autograder.assignments.layer.maths", "autograder", "test_layer", "reference",
             "solutions.layer", "nnkit"):
    try:
        STOLEN[name] = importlib.import_module(name)
    except BaseException:
        pass
if STOLEN:
    print("ATTACK WORKED: imported", sorted(STOLEN), flush=True)
reference = STOLEN.get("autograder.assignments.layer.maths") or STOLEN.get("reference")


def stolen_dW(layer, dA):
    """The reference's dW, once the activation is recognised by its values."""
    probe = np.linspace(-2, 2, 9)
    for name in ("relu", "sigmoid", "tanh", "leaky_relu", "linear"):
        if np.allclose(reference.activation(name)(probe), layer.activation_fn(probe)):
            return reference.layer_backward(layer.W, layer.b, layer.A_prev, dA, 0.0, name).dW
    return None
# attack ends


class Layer:  # wrong: dW is transposed
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
        dW = self.A_prev @ dZ.T / m
        if reference is not None:  # attack
            dW = stolen_dW(self, dA)  # attack
        db = np.sum(dZ, axis=1, keepdims=True) / m
        dA_prev = self.W.T @ dZ
        if dW.shape == self.W.shape:
            self.W = self.W - learning_rate * dW
        self.b = self.b - learning_rate * db
        return dA_prev
