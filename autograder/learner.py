"""The narrow boundary between the suites (trusted) and learner code (untrusted).

Suites talk to a `Learner`: they send plain values (numbers, strings, float64 arrays and the
tags below) and get plain values back. `LocalLearner` runs the learner's code in this process
(only for the nbgrader kernel path, where nbgrader already runs it in-process);
`autograder.sandbox.client.SandboxLearner` runs it in a locked-down child process.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from autograder.sandbox.child import MAX_ELEMENTS, Dispatcher, encode


@dataclass(frozen=True)
class Fn:
    """A trusted activation made on the learner's side, e.g. Fn("sigmoid")."""

    name: str


@dataclass(frozen=True)
class Ref:
    """An object stored earlier with `store=` on the learner's side."""

    handle: str


@dataclass(frozen=True)
class Rng:
    """np.random.default_rng(seed), made on the learner's side."""

    seed: int


class LearnerFailure(Exception):
    """Learner code could not produce a value. `explain()` is what the learner reads."""

    def explain(self) -> str:
        return str(self)


class LearnerError(LearnerFailure):
    """The learner's code raised an exception."""

    def __init__(self, kind: str, message: str, traceback: str = "", bases: tuple[str, ...] = ()):
        super().__init__(f"{kind}: {message}")
        self.kind, self.message, self.traceback = kind, message, traceback
        self.bases = bases or (kind,)  # the exception's class names, most derived first (its MRO)

    def is_a(self, builtin: str) -> bool:
        """Whether the exception is an instance of the built-in class `builtin` (e.g. "ValueError")."""
        return builtin in self.bases

    def explain(self) -> str:
        if self.kind == "NotImplementedError":
            return "not implemented yet (it raises NotImplementedError)"
        if self.kind in ("SystemExit", "KeyboardInterrupt"):
            return f"your code raised {self.kind}, which stops a program: return a value instead"
        return f"your code raised {self.kind}: {self.message}".rstrip(": ")


class LearnerMissing(LearnerFailure):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name

    def explain(self) -> str:
        return f"`{self.name}` is not defined: check its name and that its cell runs without error"


class LearnerRefused(LearnerFailure):
    """The learner's value cannot cross the boundary (not numbers)."""

    def explain(self) -> str:
        return f"your code returned {self}"


class LearnerTimeout(LearnerFailure):
    def __init__(self, seconds: float):
        super().__init__(f"timed out after {seconds:g} s")
        self.seconds = seconds

    def explain(self) -> str:
        return f"your code did not finish within {self.seconds:g} s (an infinite loop?) and was stopped"


class LearnerCrashed(LearnerFailure):
    def explain(self) -> str:
        return f"your code stopped the process that ran it: {self}"


class LearnerGaveUp(LearnerCrashed):
    """The sandbox stopped trying: the code cannot be loaded, or crashed too often."""

    def explain(self) -> str:
        return str(self)


def failure_from_reply(error: dict) -> LearnerFailure:
    kind, message = error.get("kind", "Error"), error.get("message", "")
    if kind == "Missing":
        return LearnerMissing(message)
    if kind in ("Unconvertible", "NotCallable", "Refused"):
        return LearnerRefused(message)
    bases = error.get("bases")
    bases = tuple(name for name in bases if isinstance(name, str)) if isinstance(bases, list) else ()
    return LearnerError(kind, message, error.get("traceback", ""), bases)


def shown_name(target: str) -> str:
    """"@L.forward" -> "forward": how a learner knows the thing a suite called."""
    if target.startswith("@"):
        return target.partition(".")[2] or target[1:]
    return target


def encode_argument(value: Any, arrays: list[np.ndarray]) -> Any:
    if isinstance(value, Fn):
        return {"fn": value.name}
    if isinstance(value, Ref):
        return {"ref": value.handle}
    if isinstance(value, Rng):
        return {"rng": int(value.seed)}
    if isinstance(value, tuple):
        return {"tuple": [encode_argument(item, arrays) for item in value]}
    if isinstance(value, list):
        return [encode_argument(item, arrays) for item in value]
    if isinstance(value, np.ndarray):
        arrays.append(np.array(value, copy=True))
        return {"array": len(arrays) - 1}
    return value


def decode_value(value: Any, arrays: list[np.ndarray]) -> Any:
    """Reply value -> plain Python/numpy, validating every array that crosses the boundary."""
    if isinstance(value, dict):
        if "array" in value:
            array = arrays[int(value["array"])]
            if type(array) is not np.ndarray or array.dtype.kind not in "biuf":
                raise LearnerRefused(f"a value of dtype {getattr(array, 'dtype', '?')} (numbers expected)")
            if array.size > MAX_ELEMENTS:  # the child's own cap is the learner's to remove
                raise LearnerRefused(f"an array of {array.size} values (at most {MAX_ELEMENTS})")
            return np.array(array, copy=True)
        if "float" in value:
            return float(value["float"])
        raise LearnerRefused("an unknown value")
    if isinstance(value, list):
        return [decode_value(item, arrays) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return value
    return value


def load_request(cells) -> dict:
    """The request that runs a submission's cells, with each cell's place in the learner's notebook
    (`autograder.submission.CodeCell.number`, None where it is not known); plain strings count from 1."""
    request = {"op": "load", "cells": [str(cell) for cell in cells]}
    if any(hasattr(cell, "number") for cell in cells):
        request["numbers"] = [getattr(cell, "number", None) for cell in cells]
    return request


def placed(error: dict, request: dict) -> dict:
    """A load error as the learner finds it: "cell" becomes the cell's number in their notebook
    (None when not known) and "starts" its first line of code; the child only counts the cells it ran."""
    index, cells = error.get("cell"), request["cells"]
    if type(index) is not int or not 1 <= index <= len(cells):
        return error
    numbers = request.get("numbers")
    lines = [line.strip() for line in cells[index - 1].splitlines() if line.strip()]
    starts = next((line for line in lines if not line.startswith("#")), lines[0] if lines else "")
    return {**error, "cell": numbers[index - 1] if numbers else index, "starts": starts}


class Learner(Protocol):
    last_warnings: list[str]
    load_warnings: list[str]

    def load(self, cells: list[str]) -> list[dict]: ...
    def call(self, target: str, *args: Any, store: str | None = None) -> Any: ...
    def get(self, target: str) -> Any: ...
    def set(self, target: str, value: Any) -> None: ...
    def output(self) -> str: ...
    def close(self) -> None: ...


class RequestingLearner:
    """Shared request/reply logic; subclasses say how one request travels."""

    def __init__(self) -> None:
        self.last_warnings: list[str] = []
        self.load_warnings: list[str] = []
        self.load_errors: list[dict] = []

    def exchange(self, request: dict, arrays: list[np.ndarray]) -> tuple[dict, list[np.ndarray]]:
        raise NotImplementedError

    def request(self, request: dict, arrays: list[np.ndarray] | None = None) -> Any:
        reply, out_arrays = self.exchange(request, arrays or [])
        self.last_warnings = [str(w) for w in reply.get("warnings", [])][:20]
        if request["op"] == "load":  # what Python warned about while compiling the code, e.g. `"is" with a literal`
            self.load_warnings = self.last_warnings
        if not reply.get("ok"):
            failure = failure_from_reply(reply.get("error") or {})
            failure.where = shown_name(request.get("target", ""))
            raise failure
        if request["op"] == "load":
            return [placed(error, request) for error in reply.get("errors", []) if isinstance(error, dict)]
        return decode_value(reply.get("value"), out_arrays)

    def load(self, cells: list[str]) -> list[dict]:
        """Run the submission's cells; returns the errors they raised (the learner's own tracebacks)."""
        self.load_errors = self.request(load_request(cells))
        return self.load_errors

    def call(self, target: str, *args: Any, store: str | None = None) -> Any:
        arrays: list[np.ndarray] = []
        encoded = [encode_argument(arg, arrays) for arg in args]
        return self.request({"op": "call", "target": target, "args": encoded, "store": store}, arrays)

    def get(self, target: str) -> Any:
        return self.request({"op": "get", "target": target})

    def set(self, target: str, value: Any) -> None:
        arrays: list[np.ndarray] = []
        self.request({"op": "set", "target": target, "value": encode_argument(value, arrays)}, arrays)

    def output(self) -> str:
        return ""

    def close(self) -> None:
        pass


class LocalLearner(RequestingLearner):
    """Runs requests against a namespace in this process (nbgrader's kernel path only)."""

    def __init__(self, namespace: dict):
        super().__init__()
        self.dispatcher = Dispatcher(namespace)

    def exchange(self, request, arrays):
        reply, out_arrays = self.dispatcher.handle(request, [np.array(a, copy=True) for a in arrays])
        # the same encoding as the wire, so both paths hand suites identical values
        return reply, [np.array(a, copy=True) for a in out_arrays]


__all__ = [
    "Fn", "Ref", "Rng", "Learner", "LocalLearner", "RequestingLearner", "LearnerFailure",
    "LearnerError", "LearnerMissing", "LearnerRefused", "LearnerTimeout", "LearnerCrashed", "LearnerGaveUp",
    "encode",
]
