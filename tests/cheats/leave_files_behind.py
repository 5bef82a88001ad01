# attack: find every folder the sandbox uid may write to (a bounded walk of the whole file
#   system) and leave a file in each, e.g. for a later submission to pick up (a channel between
#   learners) or to fill a disk
# expect: less than full marks
# needs: root (without a sandbox uid the child writes with the grader's own permissions)
# why it fails: the child's only writable places are private tmpfs mounts (its scratch folder,
# /tmp, /var/tmp, /dev/shm) that vanish with it.
import os

import numpy as np

# attack begins
PSEUDO = ("/proc", "/sys", "/dev/pts")
left = []
for root, dirs, files in os.walk("/", onerror=lambda error: None):
    dirs[:] = [d for d in dirs if not os.path.join(root, d).startswith(PSEUDO)]
    if len(left) > 50 or root.count("/") > 4:
        dirs[:] = []
    if os.access(root, os.W_OK):
        try:
            with open(os.path.join(root, f"nnkit-cheat-left-{os.getpid()}"), "x") as out:
                out.write("nnkit-cheat-was-here")
            left.append(root)
        except OSError:
            pass
print("left files in", left, flush=True)  # the grader's snapshot of the file system judges this
# attack ends


class Layer:  # wrong: forward and backward return zeros
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))

    def forward(self, A_prev):
        return np.zeros((self.W.shape[0], A_prev.shape[1]))

    def backward(self, dA, learning_rate):
        return np.zeros((self.W.shape[1], dA.shape[1]))
