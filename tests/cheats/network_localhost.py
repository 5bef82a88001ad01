# attack: connect to a server on the grader's machine (127.0.0.1:47613, where the test listens)
#   to send the inputs out and fetch answers back
# expect: less than full marks
# needs: root (only a network namespace takes the network away)
# why it fails: the child has its own network namespace whose loopback is down: every connection
# fails with "Network is unreachable".
import socket

import numpy as np

# attack begins
def ask(payload):
    for host in ("127.0.0.1", "localhost", "::1"):
        try:
            with socket.create_connection((host, 47613), timeout=0.3) as connection:
                connection.sendall(payload)
                print("ATTACK WORKED: connected to", host, flush=True)
                return connection.recv(1 << 16)
        except OSError:
            continue
    return b""


ask(b"nnkit-cheat-was-here: hello\n")
# attack ends


class Layer:  # wrong: forward and backward return zeros
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))

    def forward(self, A_prev):
        ask(A_prev.tobytes())  # attack
        return np.zeros((self.W.shape[0], A_prev.shape[1]))

    def backward(self, dA, learning_rate):
        return np.zeros((self.W.shape[1], dA.shape[1]))
