# attack: ctypes system calls: setuid(0); ptrace and process_vm_readv on the grader; a new user
#   namespace (where the child is "root") and mount namespace to unmount the tmpfs that hides the
#   project, then read the solution
# expect: less than full marks
# needs: root (the hiding mounts and the sandbox uid exist only when the grader is root)
# why it fails: setuid and ptrace need privileges the sandbox uid lacks; in a user namespace the
# mounts inherited from the sandbox are locked together, so the hiding tmpfs cannot be removed.
import ctypes
import os

import numpy as np

# attack begins
libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWUSER, CLONE_NEWNS, MNT_DETACH, PTRACE_ATTACH = 0x10000000, 0x00020000, 2, 16


def grader_pid():
    with open(f"/proc/{os.getppid()}/stat") as stat:
        return int(stat.read().rpartition(")")[2].split()[1])


if libc.setuid(0) == 0 or libc.seteuid(0) == 0:
    print("ATTACK WORKED: setuid(0)", flush=True)
for pid in (os.getppid(), grader_pid()):
    if libc.ptrace(PTRACE_ATTACH, pid, None, None) == 0:
        print("ATTACK WORKED: ptrace attached to", pid, flush=True)
    buffer = ctypes.create_string_buffer(64)
    local = (ctypes.c_void_p * 2)(ctypes.addressof(buffer), 64)
    remote = (ctypes.c_void_p * 2)(0x400000, 64)
    if libc.process_vm_readv(pid, local, 1, remote, 1, 0) > 0:
        print("ATTACK WORKED: read the memory of", pid, flush=True)

STOLEN = None
child = os.fork()
if child == 0:  # the namespace games happen in a child, so a failure cannot break the Layer below
    try:
        if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0:
            for hidden in ("/work/main", "/work", "/root"):
                if libc.umount2(hidden.encode(), MNT_DETACH) == 0:
                    print("ATTACK WORKED: unmounted", hidden, flush=True)
            if os.path.exists("/work/main/solutions/layer.py"):
                print("ATTACK WORKED: the solution is visible", flush=True)
    finally:
        os._exit(0)
os.waitpid(child, 0)
# attack ends


class Layer:  # wrong: dW is transposed
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
        m = self.A_prev.shape[1]
        dZ = dA * self.activation_dfn(self.Z)
        dW = self.A_prev @ dZ.T / m
        dA_prev = self.W.T @ dZ
        if dW.shape == self.W.shape:
            self.W = self.W - learning_rate * dW
        self.b = self.b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
        return dA_prev
