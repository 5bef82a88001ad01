# attack: an ndarray subclass whose comparisons lie (==, allclose, isclose, every ufunc comparison)
# expect: less than full marks
# why it fails: only plain numbers cross the boundary; the subclass arrives as a plain ndarray.
import numpy as np


# attack begins
class Agreeable(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(self), dtype=bool)

    def __ne__(self, other):
        return np.zeros(np.shape(self), dtype=bool)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if ufunc in (np.equal, np.less_equal, np.greater_equal, np.isclose, np.isfinite):
            return True
        if ufunc in (np.subtract, np.absolute):
            return np.zeros(np.shape(inputs[0]))
        plain = [np.asarray(x) if isinstance(x, Agreeable) else x for x in inputs]
        return getattr(ufunc, method)(*plain, **kwargs)

    def __array_function__(self, func, types, args, kwargs):
        if func in (np.allclose, np.array_equal, np.testing.assert_allclose):
            return True
        return super().__array_function__(func, types, args, kwargs)

    def __float__(self):
        return 0.0
# attack ends


class Layer:  # wrong: forward returns zeros, backward returns zeros
    def __init__(self, input_size, output_size, activation_fn, activation_dfn):
        self.W = np.random.randn(output_size, input_size) * np.sqrt(1.0 / input_size)
        self.b = np.zeros((output_size, 1))

    def forward(self, A_prev):
        A = np.zeros((self.W.shape[0], A_prev.shape[1]))
        A = A.view(Agreeable)  # attack
        return A

    def backward(self, dA, learning_rate):
        dA_prev = np.zeros((self.W.shape[1], dA.shape[1]))
        dA_prev = dA_prev.view(Agreeable)  # attack
        return dA_prev
