# Functions the kata's checks call on your side of the sandbox (you need not read them).


def make_problem(kind):
    """(f, grad_f) pairs: a right gradient, a doubled one, one with a transposed term, a flat f."""
    C = np.array([[1.0, 2.0, -1.0], [0.5, -3.0, 2.0]])
    f = lambda X: float(np.sum(np.tanh(C * X)) + np.sum(X[0] * X[1]))

    def grad(X):
        G = C * (1 - np.tanh(C * X) ** 2)
        return G + np.vstack([X[1], X[0]])

    if kind == "right":
        return f, grad
    if kind == "doubled":
        return f, lambda X: 2 * grad(X)
    if kind == "slightly off":
        return f, lambda X: grad(X) + 1e-5 * np.sign(grad(X))
    if kind == "flat":
        return (lambda X: 3.0), (lambda X: np.zeros_like(X))
    raise ValueError(kind)


def run_check(kind, x, eps):
    f, grad_f = make_problem(kind)
    return gradient_check(f, grad_f, x, eps)


def probe_leaves_x_unchanged(x):
    before = x.copy()
    f, grad_f = make_problem("right")
    gradient_check(f, grad_f, x, 1e-6)
    return bool(np.array_equal(before, x))
