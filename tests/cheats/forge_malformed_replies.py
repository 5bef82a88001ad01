# attack: take over the child's side of the wire (replace __main__.write_message, which every
#   reply goes through) and send the grader malformed replies: a header that is a JSON list, an
#   array index out of range, an unparsable float, warnings that are not a list, an .npy header
#   claiming petabytes, hoping an exception in the grader turns into a "grader error" instead of a zero
# expect: less than full marks
# why it fails: the grader checks every reply like untrusted input (client.checked_reply and
# child.read_message): a malformed one is the learner's crash (LearnerCrashed), never the grader's error.
import io
import itertools
import json
import struct

import __main__
import numpy as np

# attack begins
def frame(header, blob=b""):
    data = json.dumps(header).encode() if not isinstance(header, bytes) else header
    return struct.pack(">I", len(data)) + data + (struct.pack(">Q", len(blob)) + blob if blob else b"")


def petabytes():
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": "<f8", "fortran_order": False, "shape": (10**15,)})
    return buffer.getvalue() + bytes(64)


FORGERIES = itertools.cycle([
    frame(b"[1, 2]"),
    frame({"ok": True, "value": {"array": 9}, "n_arrays": 0}),
    frame({"ok": True, "value": {"float": "x"}, "n_arrays": 0}),
    frame({"ok": True, "value": 1.0, "warnings": 5, "n_arrays": 0}),
    frame({"ok": False, "error": "not a dict", "n_arrays": 0}),
    frame({"ok": True, "value": {"array": 0}, "n_arrays": 1}, petabytes()),
])
honest_write = __main__.write_message


def forged_write(stream, header, arrays):
    if "errors" in header:  # the reply to "load" stays honest, so that every later call is forged
        return honest_write(stream, header, arrays)
    stream.write(next(FORGERIES))
    stream.flush()


__main__.write_message = forged_write
# attack ends


class Layer:  # wrong: forward and backward return zeros
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))

    def forward(self, A_prev):
        return np.zeros((self.W.shape[0], A_prev.shape[1]))

    def backward(self, dA, learning_rate):
        return np.zeros((self.W.shape[1], dA.shape[1]))
