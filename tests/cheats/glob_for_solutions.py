# attack: search the whole file system (bounded walk) for anything that defines a Layer or holds
#   the hidden suite (solutions, release folders, other learners' submissions, git objects) and run it
# expect: less than full marks
# needs: root (without namespaces the project and course folders are visible to the child)
# why it fails: every folder that holds such files is covered by an empty mount in the child.
import os

import numpy as np

# attack begins
FOUND = []
SKIP = ("/proc", "/sys", "/dev", "/usr", "/lib", "/lib64", "/bin", "/sbin", "/etc", "/var/lib", "/snap", "/boot")


def hunt(budget=30000):
    for root, dirs, files in os.walk("/", onerror=lambda error: None):
        dirs[:] = [d for d in dirs if not os.path.join(root, d).startswith(SKIP)
                   and d not in ("site-packages", "dist-packages", "node_modules", "python3.11")]
        for name in files:
            budget -= 1
            if budget <= 0:
                return
            if name in ("layer.py", "test_layer.py", "reference.py") or (name.endswith(".ipynb") and "layer" in name):
                FOUND.append(os.path.join(root, name))


hunt()
SOURCE = None
for path in FOUND:
    try:
        with open(path) as source:
            text = source.read()
    except OSError:
        continue
    if "class Layer" in text and "ipynb" not in path:
        print("ATTACK WORKED: found a Layer in", path, flush=True)
        SOURCE = text
# attack ends


class Layer:  # wrong: forward forgets the bias
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W @ A_prev
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        m = self.A_prev.shape[1]
        dZ = dA * self.activation_dfn(self.Z)
        dA_prev = self.W.T @ dZ
        self.W = self.W - learning_rate * dZ @ self.A_prev.T / m
        self.b = self.b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
        return dA_prev


# attack begins
if SOURCE:
    try:
        exec(SOURCE, globals())
    except BaseException:
        pass
# attack ends
