# attack: look beside numpy and along sys.path for the installed grader (a regular `pip install`
#   puts the hidden suites and the reference maths in site-packages), read what is there and
#   import it
# expect: less than full marks
# needs: root (the mount namespace is the defence)
# why it fails: only the standard library and numpy's own folders are bound into the sandbox: every
# site-packages folder is an empty mount, whatever the install layout (venv, regular, editable).
import importlib
import os
import sys

import numpy as np

# attack begins
places = {os.path.dirname(os.path.dirname(np.__file__))} | {p for p in sys.path if p and os.path.isdir(p)}
stdlib = os.path.dirname(os.__file__)
found = []
for place in sorted(places):
    if place == stdlib or place.startswith(stdlib + "/lib-dynload"):
        continue
    try:
        names = os.listdir(place)
    except OSError:
        continue
    found += [f"{place}/{name}" for name in names if not name.startswith(("numpy", "__pycache__"))]
for folder in (os.path.join(stdlib, "site-packages"), os.path.join(stdlib, "dist-packages")):
    if os.path.isdir(folder) and os.listdir(folder):
        found.append(f"{folder}: {sorted(os.listdir(folder))[:5]}")
if found:
    print(f"ATTACK WORKED: {len(found)} installed things besides numpy are readable: {found[:6]}", flush=True)
for name in ("autograder.suites", "autograder.reference", "nnkit", "autograder", "pytest"):
    try:
        importlib.import_module(name)
        print(f"ATTACK WORKED: imported {name}", flush=True)
    except BaseException:
        pass
# attack ends


class Layer:  # wrong: db sums over the wrong axis
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
        dA_prev = self.W.T @ dZ
        self.W = self.W - learning_rate * dZ @ self.A_prev.T / m
        self.b = self.b - learning_rate * np.mean(dZ, axis=0).mean()
        return dA_prev
