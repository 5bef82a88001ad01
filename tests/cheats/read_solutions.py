# attack: read the instructor's solution and source notebook from the project folder and run it
# expect: less than full marks
# needs: root (without namespaces the project folder is visible to the child)
# why it fails: the project folder is covered by an empty read-only tmpfs in the child's mount
# namespace; only the Python installation inside it is bound back.
import json
import os

import numpy as np

# attack begins
STOLEN = None
for path in ("/work/main/solutions/layer.py", "/work/main/exercises/layer.py",
             "/work/main/source/layer/layer.ipynb", "/work/main/autograder/assignments/layer/suite.py",
             "/work/main/autograder/assignments/layer/maths.py", "/work/main/autograder/assignments/layer/catalogue/correct/as_in_the_notes.py",
             os.path.expanduser("~/.bash_history")):
    try:
        with open(path) as source:
            text = source.read()
    except OSError:
        continue
    print("ATTACK WORKED: read", path, flush=True)
    if path.endswith(".ipynb"):
        text = "\n".join("".join(cell["source"]) for cell in json.loads(text)["cells"] if cell["cell_type"] == "code")
    if STOLEN is None and "class Layer" in text:
        STOLEN = text
# attack ends


class Layer:  # wrong: forward and backward return zeros
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))

    def forward(self, A_prev):
        return np.zeros((self.W.shape[0], A_prev.shape[1]))

    def backward(self, dA, learning_rate):
        return np.zeros((self.W.shape[1], dA.shape[1]))


# attack begins
if STOLEN:
    try:
        exec(STOLEN, globals())
    except BaseException:
        pass
# attack ends
