"""Trusted objects with parameters across the learner boundary: Fn(name, *params, keep=...).

The gradcheck suite hands learner code functions and layers it has never seen, made in the child
from plain values (autograder/sandbox/child.py, TRUSTED_MAKERS). These tests use the real sandbox
and the in-process path side by side: the object the learner's code gets is the one the trusted
side evaluates, it counts its calls, refuses arrays of another shape, can be kept for read-back,
and a request for a maker that does not exist (or with bad values) is refused, never run.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.learner import Fn, LearnerError, LearnerRefused, LocalLearner, Ref, encode_argument
from autograder.sandbox.child import TRUSTED_MAKERS
from autograder.sandbox.client import SandboxLearner

CODE = '''
import numpy as np

def evaluate(f, x):
    return f(x)

def evaluate_flat(f, x):
    return f(np.ravel(x))

def forward_backward(layer, A_prev, dA):
    layer.forward(A_prev)
    return [layer.backward(dA), layer.dW, layer.db]

def nudge(x):
    x += 1.0

class ShapeMismatch(ValueError):
    pass

def raise_subclass():
    raise ShapeMismatch("shapes differ")

def raise_assertion():
    assert False, "shapes differ"
'''

RNG = np.random.default_rng(5)
M, C, W_OUT = RNG.standard_normal((3, 6)), RNG.standard_normal(3), RNG.standard_normal(3)
X = RNG.standard_normal((2, 3))
PROJECTED = ("tanh", M, C, W_OUT, [2, 3])


@pytest.fixture(scope="module", params=["sandbox", "local"])
def learner(request):
    if request.param == "local":
        local = LocalLearner({"__name__": "submission"})
        local.load([CODE])
        yield local
        return
    sandboxed = SandboxLearner([CODE])
    yield sandboxed
    sandboxed.close()


def test_an_activation_is_encoded_as_before():
    assert encode_argument(Fn("relu"), []) == {"fn": "relu"}
    arrays: list = []
    encoded = encode_argument(Fn("projected", *PROJECTED, keep="f"), arrays)
    assert encoded["fn"] == "projected" and encoded["keep"] == "f" and len(arrays) == 3


def test_the_learner_gets_the_function_the_trusted_side_evaluates(learner):
    here = TRUSTED_MAKERS["projected"](*PROJECTED)
    there = learner.call("evaluate", Fn("projected", *PROJECTED), X)
    assert there == here(X) == float(np.sum(W_OUT * np.tanh(M @ X.ravel() + C)))
    quadratic = (np.eye(4) + 0.5, RNG.standard_normal((4, 1)))
    v = RNG.standard_normal((4, 1))
    assert learner.call("evaluate", Fn("quadratic", *quadratic), v) == TRUSTED_MAKERS["quadratic"](*quadratic)(v)


def test_a_kept_function_counts_its_calls_and_a_kept_array_reads_back(learner):
    learner.call("evaluate", Fn("projected", *PROJECTED, keep="counted"), X)
    learner.call("evaluate", Ref("counted"), X)
    assert learner.get("@counted.calls") == 2
    learner.call("nudge", Fn("array", X, keep="given"))
    assert np.array_equal(learner.get("@given"), X + 1.0)


def test_an_array_of_another_shape_is_the_learners_error(learner):
    with pytest.raises(LearnerError, match=r"takes an array of shape \(2, 3\), not \(6,\)"):
        learner.call("evaluate_flat", Fn("projected", *PROJECTED), X)


def test_a_trusted_layer_computes_the_kits_gradients(learner):
    W, b = RNG.standard_normal((3, 4)), RNG.standard_normal((3, 1))
    A_prev, dA = RNG.standard_normal((4, 5)), RNG.standard_normal((3, 5))
    Z = W @ A_prev + b
    dZ = dA * (1 - np.tanh(Z) ** 2)
    right = [W.T @ dZ, dZ @ A_prev.T / 5, dZ.sum(axis=1, keepdims=True) / 5]
    layer = Fn("dense_layer", W, b, "tanh", "tanh_derivative", "Z", [1.0, 1.0, 1.0])
    assert all(np.allclose(got, want, rtol=1e-14, atol=0)
               for got, want in zip(learner.call("forward_backward", layer, A_prev, dA), right))
    planted = Fn("dense_layer", W, b, "tanh", "tanh_derivative", "A", [5.0, 1.0, 0.2])
    dA_prev, dW, db = learner.call("forward_backward", planted, A_prev, dA)
    dZ_at_A = dA * (1 - np.tanh(np.tanh(Z)) ** 2)
    assert np.allclose(dW, 5.0 * dZ_at_A @ A_prev.T / 5) and np.allclose(dA_prev, 0.2 * W.T @ dZ_at_A)


@pytest.mark.parametrize("made, words", [
    (Fn("no_such_maker", 1.0), "no trusted maker"),
    (Fn("projected", "no_such_activation", M, C, W_OUT, [2, 3]), "cannot make projected"),
    (Fn("dense_layer", np.ones((2, 2))), "cannot make dense_layer"),
])
def test_a_bad_request_is_refused_not_run(learner, made, words):
    with pytest.raises(LearnerRefused, match=words):
        learner.call("evaluate", made, X)


def test_exceptions_are_judged_by_class(learner):
    with pytest.raises(LearnerError) as raised:
        learner.call("raise_subclass")
    assert raised.value.kind == "ShapeMismatch" and raised.value.is_a("ValueError")
    with pytest.raises(LearnerError) as raised:
        learner.call("raise_assertion")
    assert not raised.value.is_a("ValueError")
