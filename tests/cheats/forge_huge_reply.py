# attack: take over the child's side of the wire and answer with a reply of many large arrays
#   (each under the per-array cap), to exhaust the grader's memory: the child needs one buffer, the
#   grader keeps every copy
# expect: less than full marks
# timeout: 3
# why it fails: read_message bounds all the arrays of one reply together (64 MB from the child), so
# the flood is refused as a crash after the first arrays.
import json
import struct

import __main__
import numpy as np

# attack begins
BLOCK = 48 << 20
honest_write = __main__.write_message


def npy_block():
    import io
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": "|u1", "fortran_order": False, "shape": (BLOCK,)})
    return buffer.getvalue()


HEADER = npy_block()
PAYLOAD = bytes(BLOCK)
SENT = [0]


def forged_write(stream, header, arrays):
    if "errors" in header or SENT[0] >= 2:  # two floods are enough to show it; then stay honest
        return honest_write(stream, header, arrays)
    SENT[0] += 1
    count = 16  # 768 MB in one reply
    data = json.dumps({"ok": True, "value": {"array": 0}, "n_arrays": count}).encode()
    stream.write(struct.pack(">I", len(data)) + data)
    for _ in range(count):
        stream.write(struct.pack(">Q", len(HEADER) + BLOCK) + HEADER)
        stream.write(PAYLOAD)
    stream.flush()


__main__.write_message = forged_write
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
