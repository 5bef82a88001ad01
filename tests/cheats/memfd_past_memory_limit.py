# attack: hold memory the address-space limit does not count: 300 memfds of 4 MB each, written
#   through the file descriptor and never mapped, then detached SysV shared-memory segments of
#   4 MB, up to 1.4 GB in all with a 1 GiB limit
# expect: less than full marks
# timeout: 4
# why it fails: the sandbox's memory cgroup counts every page the child's processes own, shared
# memory and memfd pages included: the kernel kills the child when they pass the limit, and the
# grader reports it out of memory.
import ctypes
import os

import numpy as np

# attack begins
libc = ctypes.CDLL(None, use_errno=True)
CHUNK = 4 << 20  # just under the sandbox's file-size limit, which each memfd is held to
held, fds = 0, []
block = b"\x01" * CHUNK
for index in range(300):
    fd = libc.memfd_create(b"nnkit-cheat", 0)
    if fd < 0:
        break
    try:
        held += os.write(fd, block)
    except OSError:
        os.close(fd)
        break
    fds.append(fd)
for index in range(350):
    if held >= 1400 << 20:
        break
    segment = libc.shmget(0, CHUNK, 0o1000 | 0o600)  # IPC_PRIVATE
    if segment < 0:
        break
    libc.shmat.restype = ctypes.c_void_p
    address = libc.shmat(segment, None, 0)
    if address in (None, ctypes.c_void_p(-1).value):
        break
    ctypes.memset(address, 1, CHUNK)
    libc.shmdt(ctypes.c_void_p(address))  # detached: no longer in the address space, still in memory
    held += CHUNK
if held > 1 << 30:
    print(f"ATTACK WORKED: holding {held >> 20} MB in memfds and shared memory past the 1 GiB limit", flush=True)
# attack ends


class Layer:  # wrong: backward forgets to divide by the batch size
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
        dZ = dA * self.activation_dfn(self.Z)
        dA_prev = self.W.T @ dZ
        self.W = self.W - learning_rate * dZ @ self.A_prev.T
        self.b = self.b - learning_rate * np.sum(dZ, axis=1, keepdims=True)
        return dA_prev
