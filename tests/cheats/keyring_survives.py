# attack: read the keys of the grader's session keyring, and leave a key readable by anyone
#   (session, user and persistent keyrings) for the next sandbox, after looking for one an earlier
#   sandbox left; forward crashes on purpose so that the grader starts a second sandbox
# expect: less than full marks
# why it fails: the child joins a fresh anonymous session keyring before any learner code runs, and
# a seccomp filter then refuses add_key, request_key and keyctl: nothing can be read or left.
import ctypes
import os
import platform

import numpy as np

# attack begins
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
ADD_KEY, KEYCTL = {"x86_64": (248, 250), "aarch64": (217, 219)}.get(platform.machine(), (None, None))
SESSION, USER = -3, -4  # KEY_SPEC_SESSION_KEYRING, KEY_SPEC_USER_KEYRING
DESCRIBE, READ, SETPERM, GET_PERSISTENT = 6, 11, 5, 22
MARK = b"nnkit-cheat-key"


def keyctl(*args):
    return libc.syscall(KEYCTL, *[ctypes.c_long(a) if isinstance(a, int) else a for a in args])


def read_key(key, what):
    buffer = ctypes.create_string_buffer(4096)
    size = keyctl(what, key, buffer, 4096)
    return buffer.raw[: min(size, 4096)] if size >= 0 else None


def visible_keys():
    """(id, owner uid, description) of every key this process may view (/proc/keys)."""
    try:
        with open("/proc/keys") as keys:
            rows = [line.split() for line in keys]
    except OSError:
        return []
    return [(int(row[0], 16), int(row[5]), " ".join(row[8:])) for row in rows if len(row) > 8]


if KEYCTL is not None:
    described = read_key(SESSION, DESCRIBE)
    if described and int(described.split(b";")[1]) != os.getuid():
        print("ATTACK WORKED: the session keyring is another uid's:", described[:80], flush=True)
    for key, owner, description in visible_keys():
        payload = read_key(key, READ)
        if owner != os.getuid() and payload:
            print(f"ATTACK WORKED: read key {description[:60]!r} of uid {owner}: {payload[:40]!r}", flush=True)
        elif MARK.decode() in description:
            print(f"ATTACK WORKED: an earlier sandbox's key is here: {description[:60]!r}", flush=True)
    persistent = keyctl(GET_PERSISTENT, -1, SESSION)
    for keyring in (SESSION, USER, persistent):
        if keyring == -1:
            continue
        key = libc.syscall(ADD_KEY, b"user", MARK + b"-%d" % os.getpid(), b"dW = A_prev.T @ dZ", 18,
                           ctypes.c_long(keyring))
        if key > 0:
            keyctl(SETPERM, key, ctypes.c_uint(0x3F3F3F3F))  # possessor, user, group, other: all
# attack ends


class Layer:  # wrong: forward returns Z (no activation)
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn

    def forward(self, A_prev):
        os._exit(3)  # attack
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        return self.Z

    def backward(self, dA, learning_rate):
        m = self.A_prev.shape[1]
        dZ = dA * self.activation_dfn(self.Z)
        self.W = self.W - learning_rate * dZ @ self.A_prev.T / m
        self.b = self.b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
        return self.W.T @ dZ
