# attack: a daemon (double fork + setsid, SIGTERM and SIGHUP ignored) that sleeps, then keeps
#   writing files and trying to connect out long after grading ended
# expect: less than full marks
# needs: root (without a sandbox uid, nothing can find processes that left the process group)
# why it fails: when the learner is closed, every process of the sandbox uid is killed with
# SIGKILL, whatever session or process group it moved to.
import os
import signal
import socket
import time

import numpy as np

class Layer:  # wrong: no activation derivative in backward (dZ = dA)
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        self.A = self.activation_fn(self.Z)
        return self.A

    def backward(self, dA, learning_rate):
        m = self.A_prev.shape[1]
        dZ = dA
        dA_prev = self.W.T @ dZ
        self.W = self.W - learning_rate * dZ @ self.A_prev.T / m
        self.b = self.b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
        return dA_prev


# attack begins
def daemon():
    if os.fork() != 0:
        return
    os.setsid()
    if os.fork() != 0:
        os._exit(0)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    time.sleep(0.3)
    for round_ in range(600):
        for place in (".", "/tmp", "/var/tmp", "/dev/shm", "/run/lock"):
            try:
                with open(os.path.join(place, f"nnkit-cheat-daemon-{os.getpid()}-{round_}"), "x") as out:
                    out.write("nnkit-cheat-was-here")
            except OSError:
                pass
        try:
            socket.create_connection(("127.0.0.1", 47613), timeout=0.1).close()
        except OSError:
            pass
        time.sleep(0.2)
    os._exit(0)


daemon()
# attack ends
