"""The untrusted side of the boundary: the only module that runs learner code.

It is standalone (stdlib + numpy only) because the sandboxed child cannot import the
`autograder` package: the grader sends this file's text to a fresh interpreter
(`python -I -c ...`). The same `Dispatcher` serves `LocalLearner` in-process (the nbgrader
kernel path), so both paths execute learner code identically.

Nothing here decides a score. Whatever this process sends back is plain numbers that the
trusted side checks against its own arithmetic, so a learner who tampers with this code
can only make their own answers wrong.
"""

import json
import math
import os
import re
import struct
import sys
import traceback
import warnings

import numpy as np

SUBMISSION_FILENAME = "<submission>"
MAX_ELEMENTS = 1_000_000  # the largest check needs ~10^4 values; a bigger reply is a flood, not an answer
MAX_INT_BITS = 63  # a bigger int is no answer to anything here, and one over 4300 digits is not even JSON


# ---------------------------------------------------------------- trusted activations
# Passed to learner code as Fn("name"), so a Layer test never depends on the learner's
# own activation functions.
def _sigmoid(Z):
    Z = np.asarray(Z, dtype=np.float64)
    out = np.empty_like(Z)
    positive = Z >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-Z[positive]))
    e = np.exp(Z[~positive])
    out[~positive] = e / (1.0 + e)
    return out


TRUSTED_FUNCTIONS = {
    "relu": lambda Z: np.maximum(0.0, Z),
    "relu_derivative": lambda Z: (np.asarray(Z) > 0).astype(np.float64),
    "leaky_relu": lambda Z: np.where(np.asarray(Z) > 0, Z, 0.01 * np.asarray(Z)),
    "leaky_relu_derivative": lambda Z: np.where(np.asarray(Z) > 0, 1.0, 0.01),
    "sigmoid": _sigmoid,
    "sigmoid_derivative": lambda Z: _sigmoid(Z) * (1.0 - _sigmoid(Z)),
    "tanh": lambda Z: np.tanh(Z),
    "tanh_derivative": lambda Z: 1.0 - np.tanh(Z) ** 2,
    "linear": lambda Z: np.array(Z, dtype=np.float64, copy=True),
    "linear_derivative": lambda Z: np.ones_like(np.asarray(Z, dtype=np.float64)),
}


# ---------------------------------------------------------------- trusted objects with parameters
# Passed to learner code as Fn(name, *params): made here from plain values (arrays, numbers,
# names), so a suite can hand learner code a function or a layer it has never seen and judge
# what the learner's code does with it against the same object evaluated on the trusted side.
class TrustedFunction:
    """f(x) -> float for arrays x of one shape (x is read as float64, never kept or changed).
    `calls` counts the evaluations."""

    def __init__(self, shape, formula):
        self.shape = tuple(int(n) for n in shape)
        self.formula = formula
        self.calls = 0

    def __call__(self, x):
        self.calls += 1
        x = np.asarray(x, dtype=np.float64)
        if x.shape != self.shape:
            raise ValueError(f"this function takes an array of shape {self.shape}, not {x.shape}")
        return float(self.formula(x.reshape(-1)))


def projected(activation, M, c, w, shape):
    """x -> sum(w * activation(M @ x.ravel() + c)): every entry of x mixed with every other."""
    function = TRUSTED_FUNCTIONS[activation]
    M, c, w = (np.array(a, dtype=np.float64) for a in (M, c, w))
    return TrustedFunction(shape, lambda v: np.sum(w * function(M @ v + c)))


def quadratic(M, c):
    """x -> 0.5 v @ M @ v + c.ravel() @ v with v = x.ravel(); x has c's shape."""
    M, c = np.array(M, dtype=np.float64), np.array(c, dtype=np.float64)
    return TrustedFunction(c.shape, lambda v: 0.5 * (v @ (M @ v)) + c.reshape(-1) @ v)


class TrustedLayer:
    """A dense layer: forward(A_prev) -> A = activation(W @ A_prev + b), caching A_prev, Z and A;
    backward(dA) -> dA_prev, storing dW and db (no update). With dZ = dA * derivative(cache),
    dW = dZ @ A_prev.T / m, db = sum(dZ over examples) / m, dA_prev = W.T @ dZ, each times its
    entry of `scales`. `derivative` is read at Z (or at A, `derivative_at="A"`): a derivative
    that is not the activation's, derivative_at="A" or a scale other than 1 make a wrong layer."""

    def __init__(self, W, b, activation, derivative, derivative_at="Z", scales=(1.0, 1.0, 1.0)):
        self.W, self.b = np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)
        self.activation, self.derivative = TRUSTED_FUNCTIONS[activation], TRUSTED_FUNCTIONS[derivative]
        self.derivative_at = {"Z": "Z", "A": "A"}[derivative_at]
        self.scales = tuple(float(s) for s in scales)

    def forward(self, A_prev):
        self.A_prev = np.array(A_prev, dtype=np.float64)
        self.Z = self.W @ self.A_prev + self.b
        self.A = self.activation(self.Z)
        return self.A

    def backward(self, dA):
        m = self.A_prev.shape[1]
        dZ = np.asarray(dA, dtype=np.float64) * self.derivative(getattr(self, self.derivative_at))
        scale_W, scale_b, scale_A = self.scales
        self.dW = scale_W * (dZ @ self.A_prev.T) / m
        self.db = scale_b * np.sum(dZ, axis=1, keepdims=True) / m
        return scale_A * (self.W.T @ dZ)


TRUSTED_MAKERS = {
    "array": lambda x: np.array(x, dtype=np.float64, copy=True),
    "projected": projected,
    "quadratic": quadratic,
    "dense_layer": TrustedLayer,
}


class Refused(Exception):
    """A request the dispatcher will not serve (bad name, unconvertible value)."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind
        self.message = message


# ---------------------------------------------------------------- learner code
def learner_traceback(exc):
    """The learner's own frames only: never the grader's."""
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if frame.filename.startswith("<cell") or frame.filename == SUBMISSION_FILENAME
    ]
    lines = traceback.format_list(frames)
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines)[-4000:]


def describe_exception(exc):
    return {
        "kind": type(exc).__name__,
        "message": str(exc)[:1000],
        "traceback": learner_traceback(exc),
        "bases": class_names(type(exc)),
    }


def class_names(cls):
    """The exception's classes, most derived first (its MRO): the trusted side judges an exception
    by what it is (a subclass of ValueError is a ValueError), not by its name alone. Built-in
    classes go by their name, others by module.name, so a learner's own class called ValueError
    is not taken for the built-in one."""
    try:
        return [klass.__name__ if klass.__module__ == "builtins" else f"{klass.__module__}.{klass.__qualname__}"[:200]
                for klass in cls.__mro__[:16]]
    except Exception:  # a metaclass can make these attributes anything
        return []


class Dispatcher:
    """Runs requests against a learner namespace.

    Requests and replies are dicts of JSON values whose arrays are referenced by index into
    a separate list of ndarrays (see `encode`/`decode`).
    """

    def __init__(self, namespace=None):
        self.namespace = namespace if namespace is not None else {"__name__": "submission"}
        self.objects = {}

    # -- requests -------------------------------------------------------------
    def handle(self, request, arrays):
        op = request.get("op")
        caught = []
        try:
            with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn", under="ignore"):
                warnings.simplefilter("always")
                if op == "load":
                    value = self.load(request["cells"], request.get("numbers"))
                elif op == "call":
                    value = self.call(request["target"], request.get("args", []), arrays, request.get("store"))
                elif op == "get":
                    value = self.convert(self.resolve(request["target"]))
                elif op == "set":
                    self.assign(request["target"], self.decode(request["value"], arrays))
                    value = None
                else:
                    raise Refused("Refused", f"unknown operation {op!r}")
        except Refused as refused:
            return {"ok": False, "error": {"kind": refused.kind, "message": refused.message, "traceback": ""}}, []
        except BaseException as exc:  # learner code may raise anything, SystemExit included
            return {"ok": False, "error": describe_exception(exc), "warnings": self.messages(caught)}, []
        out_arrays = []
        reply = {"ok": True, "warnings": self.messages(caught)}
        if op == "load":
            reply["errors"] = value
        else:
            reply["value"] = encode(value, out_arrays)
        return reply, out_arrays

    @staticmethod
    def messages(caught):
        return [f"{w.category.__name__}: {w.message}"[:300] for w in (caught or [])][:20]

    def load(self, cells, numbers=None):
        """Execute each cell in order; a failing cell is reported and the next one still runs.

        `numbers` are the cells' places in the learner's notebook (None where not known): the
        tracebacks name the cell the learner sees. A report's "cell" counts the cells sent, from 1."""
        errors = []
        for index, source in enumerate(cells):
            number = numbers[index] if numbers else index + 1
            name = SUBMISSION_FILENAME if len(cells) == 1 else (f"<cell {number}>" if number else "<cell>")
            try:
                code = compile(source, name, "exec")
                exec(code, self.namespace)
            except BaseException as exc:
                report = describe_exception(exc)
                if len(cells) > 1:
                    report["cell"] = index + 1
                if isinstance(exc, SyntaxError):
                    report["traceback"] = "".join(traceback.format_exception_only(type(exc), exc))
                errors.append(report)
        return errors

    def call(self, target, args, arrays, store):
        function = self.resolve(target)
        if not callable(function):
            raise Refused("NotCallable", f"{target} is not callable")
        result = function(*[self.decode(arg, arrays) for arg in args])
        if store is not None:
            self.objects[store] = result
            return type(result).__name__
        return self.convert(result)

    # -- names ----------------------------------------------------------------
    def resolve(self, target):
        head, *rest = target.split(".")
        if head.startswith("@"):
            if head[1:] not in self.objects:
                raise Refused("Refused", f"no stored object {head[1:]!r}")
            value = self.objects[head[1:]]
        else:
            if head not in self.namespace:
                raise Refused("Missing", head)
            value = self.namespace[head]
        for index, attribute in enumerate(rest):
            try:
                value = getattr(value, attribute)
            except AttributeError:
                raise Refused("Missing", ".".join([head, *rest[: index + 1]])) from None
        return value

    def assign(self, target, value):
        owner, _, attribute = target.rpartition(".")
        if not owner and attribute.startswith("@"):
            # a value kept for later requests as Ref(handle), e.g. one Rng shared by several calls
            self.objects[attribute[1:]] = value
        elif not owner:
            self.namespace[attribute] = value
        else:
            setattr(self.resolve(owner), attribute, value)

    # -- values ---------------------------------------------------------------
    def decode(self, encoded, arrays):
        if isinstance(encoded, dict):
            if "array" in encoded:
                return np.array(arrays[encoded["array"]], copy=True)
            if "fn" in encoded:
                if "params" in encoded:
                    return self.make(encoded, arrays)
                return TRUSTED_FUNCTIONS[encoded["fn"]]
            if "ref" in encoded:
                if encoded["ref"] not in self.objects:
                    raise Refused("Refused", f"no stored object {encoded['ref']!r}")
                return self.objects[encoded["ref"]]
            if "rng" in encoded:
                return np.random.default_rng(encoded["rng"])
            if "tuple" in encoded:
                return tuple(self.decode(item, arrays) for item in encoded["tuple"])
            raise Refused("Refused", "unknown argument tag")
        if isinstance(encoded, list):
            return [self.decode(item, arrays) for item in encoded]
        return encoded

    def make(self, encoded, arrays):
        """Fn(name, *params): a trusted object made from plain values; kept as a stored object
        (for Ref and "@handle" requests) when the suite names a handle."""
        maker = TRUSTED_MAKERS.get(encoded["fn"])
        if maker is None:
            raise Refused("Refused", f"no trusted maker {str(encoded['fn'])[:40]!r}")
        try:
            made = maker(*[self.decode(param, arrays) for param in encoded["params"]])
        except (TypeError, ValueError, KeyError) as exc:
            raise Refused("Refused", f"cannot make {encoded['fn']}: {exc}"[:300]) from None
        if encoded.get("keep") is not None:
            self.objects[str(encoded["keep"])] = made
        return made

    def convert(self, value, depth=0):
        """Learner value -> plain data (ndarray of numbers, scalars, lists); anything else is refused."""
        if depth > 4:
            raise Refused("Unconvertible", "the value is nested too deeply")
        if value is None or isinstance(value, (bool, str)):
            return value if not isinstance(value, str) else value[:10_000]
        if isinstance(value, (int, float)) and type(value) in (int, float, bool):
            if type(value) is int and value.bit_length() > MAX_INT_BITS:
                raise Refused("Unconvertible", f"an integer of {value.bit_length()} bits (at most {MAX_INT_BITS})")
            return value
        if isinstance(value, (np.generic, np.ndarray)):
            array = np.asarray(value)
            if array.dtype.kind not in "biuf":
                raise Refused("Unconvertible", f"an array of dtype {array.dtype} (numbers expected)")
            if array.size > MAX_ELEMENTS:
                raise Refused("Unconvertible", f"an array of {array.size} elements")
            # ndarray subclasses and views become a plain, contiguous, owned copy of the numbers
            return np.array(array, copy=True, order="C", subok=False).view(np.ndarray)
        if type(value) in (list, tuple):
            if len(value) > 100_000:
                raise Refused("Unconvertible", "a list that is too long")
            return [self.convert(item, depth + 1) for item in value]
        raise Refused("Unconvertible", f"a {type(value).__name__} (an array or a number was expected)")


# ---------------------------------------------------------------- encoding
def encode(value, arrays):
    """Plain value -> JSON value with arrays replaced by {"array": index}."""
    if isinstance(value, np.ndarray):
        arrays.append(value)
        return {"array": len(arrays) - 1}
    if isinstance(value, float) and not math.isfinite(value):
        return {"float": repr(value)}
    if isinstance(value, (list, tuple)):
        return [encode(item, arrays) for item in value]
    return value


# ---------------------------------------------------------------- wire (framing)
# A message is: 4-byte big-endian header length, the JSON header, then for each array an
# 8-byte length and the array in .npy format. .npy read with allow_pickle=False cannot carry code.
def write_message(stream, header, arrays):
    import io

    blobs = []
    for array in arrays:
        buffer = io.BytesIO()
        np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
        blobs.append(buffer.getvalue())
    header = dict(header, n_arrays=len(blobs))
    data = json.dumps(header).encode()
    parts = [struct.pack(">I", len(data)), data]
    for blob in blobs:
        parts += [struct.pack(">Q", len(blob)), blob]
    stream.write(b"".join(parts))
    stream.flush()


def read_exact(stream, size):
    chunks = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            raise EOFError("the other side closed the channel")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


MAX_HEADER_BYTES = 16 << 20
MAX_NESTING = 64  # replies nest a handful of levels (header, value, lists); Python's parser recurses per level
MAX_ARRAYS = 100_000  # as many as the longest list a reply may hold (a loss history of numpy scalars)


def read_message(stream, max_bytes=1 << 30):
    """One message. `max_bytes` bounds all its arrays together: the grader reads replies written
    by learner code, which could otherwise send any number of arrays just under a per-array cap.
    Every way a message can be malformed raises ValueError (or EOFError)."""
    import io

    (length,) = struct.unpack(">I", read_exact(stream, 4))
    if length > MAX_HEADER_BYTES:
        raise ValueError("message header too large")
    header = parse_json(read_exact(stream, length), MAX_NESTING)
    if not isinstance(header, dict):
        raise ValueError("message header is not a JSON object")
    n_arrays = header.get("n_arrays", 0)
    if type(n_arrays) is not int or not 0 <= n_arrays <= MAX_ARRAYS:
        raise ValueError(f"message header claims {str(n_arrays)[:20]} arrays")
    arrays = []
    for _ in range(n_arrays):
        (size,) = struct.unpack(">Q", read_exact(stream, 8))
        if size > max_bytes:
            raise ValueError("arrays too large")
        max_bytes -= size
        try:
            arrays.append(np.lib.format.read_array(io.BytesIO(read_exact(stream, size)), allow_pickle=False))
        except MemoryError:  # an .npy header that claims far more elements than its bytes hold
            raise ValueError("array header does not match its data") from None
    return header, arrays


# ---------------------------------------------------------------- JSON with bounded nesting
# Python's json parser recurses once per nesting level: "[" * 100_000 raises RecursionError from
# deep inside it, and anything that walks a parsed value recurses again. So the depth is measured
# on the raw bytes before parsing: strings (which may hold brackets) are removed, then the running
# count of opening minus closing brackets is the depth. Valid UTF-8 never holds these ASCII bytes
# inside a multi-byte character, so the byte-level count is exact for any text json.loads accepts
# up to its first error, which is all it parses.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET_STEP = np.zeros(256, dtype=np.int8)
_BRACKET_STEP[[ord("["), ord("{")]] = 1
_BRACKET_STEP[[ord("]"), ord("}")]] = -1


def nesting_depth(data, chunk=1 << 20):
    """How deeply JSON text (bytes) nests arrays and objects, in linear time and bounded memory."""
    steps = _BRACKET_STEP[np.frombuffer(_JSON_STRING.sub(b"", data), dtype=np.uint8)]
    deepest = level = 0
    for start in range(0, len(steps), chunk):
        running = np.cumsum(steps[start:start + chunk], dtype=np.int64) + level
        if len(running):
            deepest, level = max(deepest, int(running.max())), int(running[-1])
    return deepest


def parse_json(data, max_depth):
    """json.loads of UTF-8 bytes that nest at most `max_depth` levels; ValueError otherwise."""
    text = bytes(data).decode("utf-8")  # UnicodeDecodeError is a ValueError
    depth = nesting_depth(data)
    if depth > max_depth:
        raise ValueError(f"JSON nested {depth} levels deep (at most {max_depth})")
    return json.loads(text)


# ---------------------------------------------------------------- child main loop
def serve(requests_fd, replies_fd):
    """Answer requests until the trusted side closes the channel."""
    requests = os.fdopen(requests_fd, "rb", buffering=0)
    replies = os.fdopen(replies_fd, "wb", buffering=0)
    dispatcher = Dispatcher()
    while True:
        try:
            request, arrays = read_message(requests)
        except EOFError:
            return
        reply, out_arrays = dispatcher.handle(request, arrays)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # output over the file-size limit, or a closed stream
                pass
        write_message(replies, reply, out_arrays)


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]))
