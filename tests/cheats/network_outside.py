# attack: reach the internet: DNS, a public resolver, a package index, to exfiltrate inputs or
#   download someone's solution
# expect: less than full marks
# needs: root (only a network namespace takes the network away)
# why it fails: the child's network namespace has no interface but a loopback that is down.
import socket

import numpy as np

# attack begins
for host, port in (("1.1.1.1", 53), ("8.8.8.8", 53), ("pypi.org", 443), ("151.101.0.223", 443)):
    try:
        socket.create_connection((host, port), timeout=0.3).close()
        print("ATTACK WORKED: reached", host, flush=True)
    except OSError as error:
        print("no network:", host, error, flush=True)
try:
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.sendto(b"nnkit-cheat-was-here", ("1.1.1.1", 53))
    print("ATTACK WORKED: sent a datagram out", flush=True)
except OSError:
    pass
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
