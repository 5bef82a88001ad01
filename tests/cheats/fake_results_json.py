# attack: write a perfect Gradescope results.json wherever a grader might read one (cwd, /tmp,
#   /var/tmp, /dev/shm, /run/lock, /autograder/results, the project folder, next to the submission)
# expect: less than full marks
# needs: root (without namespaces /tmp is the grader's own /tmp)
# why it fails: the child's cwd is a private scratch folder, /tmp, /var/tmp and /dev/shm are
# private tmpfs mounts, everything else is read-only for the sandbox uid; and the grader never
# reads a results file back.
import json
import os

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
RESULTS = json.dumps({"score": 25.0, "max_score": 25.0, "output": "nnkit-cheat-was-here", "tests": []})
PLACES = [".", "/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/autograder/results", "/autograder",
          "/work/main", "/work/main/tests", "/work", "/root", "/"]
for place in PLACES:
    for name in ("results.json", "nnkit-cheat-results.json"):
        path = os.path.join(place, name)
        try:
            os.makedirs(place, exist_ok=True)
            with open(path, "x") as out:
                out.write(RESULTS)
        except OSError:
            continue
        print(f"wrote {path}", flush=True)  # the grader's snapshot of the file system judges this
# attack ends
