# attack: leave a SysV shared-memory segment, message queue and semaphore set (mode 0666) for the
#   next sandbox, read whatever an earlier sandbox left, and list every IPC object of the machine;
#   forward crashes on purpose so that the grader starts a second sandbox, which looks again
# expect: less than full marks
# needs: root (the IPC namespace is the defence)
# why it fails: each sandbox has an IPC namespace of its own: it starts empty, and the kernel
# destroys it, with every segment, queue and semaphore in it, when the sandbox's last process ends.
import ctypes
import os

import numpy as np

# attack begins
IPC_CREAT = 0o1000
KEY = 0x6E6E6B74  # "nnkt": the same key in every sandbox, as an accomplice would agree on
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p


def sysv_objects():
    """Every SysV object this sandbox can list, from /proc/sysvipc (key, id, owner uid)."""
    found = []
    for kind in ("shm", "msg", "sem"):
        try:
            with open(f"/proc/sysvipc/{kind}") as table:
                found += [f"{kind} " + " ".join(line.split()[:2]) for line in list(table)[1:]]
        except OSError:
            pass
    return found


seen = sysv_objects()
if seen:
    print(f"ATTACK WORKED: this fresh sandbox sees {len(seen)} SysV objects it did not create: {seen[:5]}", flush=True)
segment = libc.shmget(KEY, 4096, 0)
if segment >= 0:
    address = libc.shmat(segment, None, 0)
    if address not in (None, ctypes.c_void_p(-1).value):
        print("ATTACK WORKED: read an earlier sandbox's shared memory:", ctypes.string_at(address, 24), flush=True)
queue = libc.msgget(KEY, 0)
if queue >= 0:
    print("ATTACK WORKED: an earlier sandbox's message queue is open to this one", flush=True)
if libc.semget(KEY, 1, 0) >= 0:
    print("ATTACK WORKED: an earlier sandbox's semaphore set is open to this one", flush=True)
segment = libc.shmget(KEY, 4096, IPC_CREAT | 0o666)
if segment >= 0:
    address = libc.shmat(segment, None, 0)
    if address not in (None, ctypes.c_void_p(-1).value):
        ctypes.memmove(address, b"nnkit-cheat: dW = A.T@dZ", 24)
libc.msgget(KEY, IPC_CREAT | 0o666)
libc.semget(KEY, 1, IPC_CREAT | 0o666)
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
