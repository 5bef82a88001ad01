# attack: read the grader through /proc: its environment, open files, cwd, memory maps and memory
#   (looking for the expected arrays), from the parent chain and from every process
# expect: less than full marks
# needs: root (the sandbox uid is what keeps another process's /proc entries closed)
# why it fails: the child runs as another uid and is not the grader's ptracer: environ, fd, cwd,
# root, maps and mem of the grader are refused. (cmdline and status stay world-readable: they
# hold no answers.)
import os

import numpy as np

# attack begins
def parent_of(pid):
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rpartition(")")[2].split()[1])


chain = [os.getppid()]
while chain[-1] > 1 and len(chain) < 6:
    try:
        chain.append(parent_of(chain[-1]))
    except OSError:
        break
for pid in chain + [int(p) for p in os.listdir("/proc") if p.isdigit()][:400]:
    for what in ("environ", "maps", "mem", "fd", "cwd", "root"):
        path = f"/proc/{pid}/{what}"
        try:
            if what == "fd":
                seen = [os.readlink(f"{path}/{fd}") for fd in os.listdir(path)]
            elif what in ("cwd", "root"):
                seen = os.listdir(path)
            else:
                with open(path, "rb") as source:
                    seen = source.read(4096)
        except (OSError, ValueError):
            continue
        if seen and pid != os.getpid() and os.stat(f"/proc/{pid}").st_uid != os.getuid():
            print(f"ATTACK WORKED: read {path}: {str(seen)[:100]}", flush=True)
# attack ends


class Layer:  # wrong: forward and backward return zeros
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))

    def forward(self, A_prev):
        return np.zeros((self.W.shape[0], A_prev.shape[1]))

    def backward(self, dA, learning_rate):
        return np.zeros((self.W.shape[1], dA.shape[1]))
