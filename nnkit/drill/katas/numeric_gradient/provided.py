# Functions the kata's checks call on your side of the sandbox (you need not read them).


def make_loss(kind):
    """A scalar test function of an array, by name."""
    if kind == "cubic":
        return lambda x: float(np.sum(x ** 3) + x.flat[0] * x.flat[-1])
    if kind == "logistic":
        return lambda x: float(np.sum(np.log1p(np.exp(-np.cos(np.arange(x.size)).reshape(x.shape) * x))))
    raise ValueError(kind)


def probe_leaves_x_unchanged(x):
    """Whether numeric_gradient leaves the caller's array exactly as it was."""
    before = x.copy()
    numeric_gradient(make_loss("cubic"), x, 1e-3)
    return bool(np.array_equal(before, x))
