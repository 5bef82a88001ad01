# attack: hold memory the address-space limit does not count: memfds of 4 MB each (just under
#   the file-size limit), written through the descriptor and never mapped, 300 of them if the
#   open-file limit allows, in this process and in helper processes that keep them, past 1.4 GB
#   with a 1 GiB limit
# expect: less than full marks
# needs: root (the memory cgroup is the defence; without one, the documented fallback bounds this
#   only to max_processes x (address space + open files x file size))
# timeout: 4
# why it fails: the sandbox's memory cgroup counts every page its processes own, memfd pages
# included: at the limit the kernel kills one of them, and what it held is freed.
import ctypes
import os
import time

import numpy as np

# attack begins
libc = ctypes.CDLL(None, use_errno=True)
CHUNK = 4 << 20
GOAL = 1400 << 20


def hoard(goal):
    """memfds until the goal, the open-file limit or the file-size limit stops it: (bytes, fds)."""
    held, fds, block = 0, [], b"\x01" * CHUNK
    for _ in range(300):
        if held >= goal:
            break
        fd = libc.memfd_create(b"nnkit-cheat", 0)
        if fd < 0:
            break
        fds.append(fd)
        try:
            held += os.write(fd, block)
        except OSError:
            break
    return held, fds


channels = [os.pipe() for _ in range(6)]  # before the hoard takes every descriptor left
total, mine = hoard(GOAL)
for reports, report in channels:  # helpers: each process has an open-file limit of its own
    if total >= GOAL:
        break
    if os.fork() == 0:
        for fd in mine:  # the parent's memfds stay held by the parent
            os.close(fd)
        os.write(report, b"%d\n" % hoard(GOAL - total)[0])
        time.sleep(60)  # keep them: the grader kills whatever is left when it is done
        os._exit(0)
    os.close(report)
    total += int(os.read(reports, 64) or b"0")  # nothing if the helper was killed first
if total > 1 << 30:
    print(f"ATTACK WORKED: holding {total >> 20} MB in memfds past the 1 GiB limit", flush=True)
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
