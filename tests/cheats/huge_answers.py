# attack: answer every question with a list of 1,500 strings of 10,000 characters (15 MB each),
#   which a diagnosis quoting the answer ("it is [...]") would copy into the results JSON four
#   times over: a 120 MB file per student, and a grader holding it all
# expect: less than full marks
# why it fails: a learner value is quoted through learner_text.shown_repr (a few items, shortened)
# and every diagnosis is capped in pytest_plugin.diagnose, whatever the suite quotes.
import numpy as np


class Layer:  # wrong: the update uses the wrong sign
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))
        self.activation_fn = activation_fn
        self.activation_dfn = activation_dfn

    def forward(self, A_prev):
        self.A_prev = A_prev
        self.Z = self.W @ A_prev + self.b
        return self.activation_fn(self.Z)

    def backward(self, dA, learning_rate):
        m = self.A_prev.shape[1]
        dZ = dA * self.activation_dfn(self.Z)
        dA_prev = self.W.T @ dZ
        self.W = self.W + learning_rate * (dZ @ self.A_prev.T / m)
        self.b = self.b + learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
        return dA_prev


# attack begins
HUGE = ["nnkit " * 1_666] * 1_500
answer_why_cache = HUGE
answer_why_keepdims = HUGE
answer_dW_meaning = HUGE
answer_old_W = HUGE
# attack ends
