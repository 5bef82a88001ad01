# attack: plant code that every later Python run executes: sitecustomize.py, usercustomize.py and
#   a .pth file in every site-packages folder, the user site, and a conftest.py next to the suites
# expect: less than full marks
# needs: root (without a sandbox uid the child writes with the grader's own permissions)
# why it fails: the child runs as an unprivileged uid that owns none of those folders, and the
# project folder is hidden; the files it would plant are harmless comments (nothing is clobbered:
# every write is an exclusive create, or an append of nothing).
import os
import site
import sys
import sysconfig

import numpy as np

class Layer:  # wrong: db is not divided by m
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
        db = np.sum(dZ, axis=1, keepdims=True)
        dA_prev = self.W.T @ dZ
        self.W = self.W - learning_rate * dW
        self.b = self.b - learning_rate * db
        return dA_prev


# attack begins
FOLDERS = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], sysconfig.get_paths()["stdlib"],
           site.getusersitepackages(), *site.getsitepackages(), *[p for p in sys.path if p.endswith("-packages")],
           "/work/main/autograder/assignments/layer", "/work/main/autograder", "/work/main", "/work/main/tests"}
for folder in sorted(FOLDERS):
    for name in ("sitecustomize.py", "usercustomize.py", "nnkit-cheat.pth", "conftest.py"):
        path = os.path.join(folder, name)
        try:
            os.makedirs(folder, exist_ok=True)
            with open(path, "x") as out:
                out.write("# nnkit-cheat-was-here\n")
            print("ATTACK WORKED: planted", path, flush=True)
        except OSError:
            pass
for existing in ("/work/main/autograder/assignments/layer/suite.py", "/work/main/autograder/checks.py",
                 os.path.join(sysconfig.get_paths()["purelib"], "__editable___nnkit_0_1_0_finder.py"),
                 np.__file__):
    try:
        with open(existing, "a"):  # appends nothing: proving the file is writable is enough
            print("ATTACK WORKED: could write", existing, flush=True)
    except OSError:
        pass
# attack ends
