# attack: look around the machine from inside the sandbox: every process's command line (the
#   grader's, its workers', other sandboxes'), the grader's parent chain, and the host's name
# expect: less than full marks
# needs: root (the PID and UTS namespaces are the defence)
# why it fails: the child is the first process of a PID namespace of its own, with a /proc of its
# own: it sees only its own processes; its host name is a neutral "sandbox".
import os
import socket

import numpy as np

# attack begins
mine = os.getuid()
others = []
for entry in os.listdir("/proc"):
    if entry.isdigit():
        try:
            if os.stat(f"/proc/{entry}").st_uid != mine:
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    others.append(cmdline.read(80).replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            pass
if others:
    print(f"ATTACK WORKED: sees {len(others)} processes of other users, e.g. {others[:3]}", flush=True)
if os.getppid() > 1:
    print(f"ATTACK WORKED: sees its parent, pid {os.getppid()}", flush=True)
try:
    with open("/etc/hostname") as hostname:
        host = hostname.read().strip()
except OSError:
    host = ""
if host and socket.gethostname() == host:
    print(f"ATTACK WORKED: learned the grader's host name {host!r}", flush=True)
# attack ends


class Layer:  # wrong: W initialised with the wrong shape (input_size, output_size)
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(input_size, output_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W.T @ A_prev + self.b
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        m = self.A_prev.shape[1]
        dZ = dA * self.activation_dfn(self.Z)
        dA_prev = self.W @ dZ
        self.W = self.W - learning_rate * (dZ @ self.A_prev.T / m).T
        self.b = self.b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
        return dA_prev
