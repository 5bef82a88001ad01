"""The sandbox boundary itself, through `SandboxLearner` and the real zygote and child.

What crosses (plain numeric arrays only, replies checked like untrusted input), what the learner's
output becomes, what a timeout kills, how many restarts there are, and what the child can see
and do when the grader is root. The catalogue of whole cheating submissions is tests/test_cheats.py.
"""

from __future__ import annotations

import io
import os
import socket
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from autograder import learner as boundary
from autograder.learner import LearnerCrashed, LearnerRefused, LearnerTimeout
from autograder.sandbox.child import read_message, write_message
from autograder.sandbox.client import OUTPUT_SHOWN, UID_BASE, SandboxLearner

ROOT = Path(__file__).resolve().parents[1]
IS_ROOT = os.geteuid() == 0
# what the sandbox raises once it stops restarting the child (a LearnerCrashed before LearnerGaveUp existed)
GAVE_UP = getattr(boundary, "LearnerGaveUp", LearnerCrashed)
needs_root = pytest.mark.skipif(not IS_ROOT, reason="namespaces and the sandbox uid need the grader to be root")


@pytest.fixture
def sandbox():
    """sandbox(source, **limits) -> a SandboxLearner running `source`, closed after the test."""
    opened = []

    def make(source: str, **limits) -> SandboxLearner:
        limits.setdefault("timeout", 2.0)
        learner = SandboxLearner([textwrap.dedent(source)], **limits)
        opened.append(learner)
        return learner

    yield make
    for learner in opened:
        learner.close()


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


# ---------------------------------------------------------------- what crosses the boundary
def test_a_lying_ndarray_subclass_arrives_as_a_plain_ndarray(sandbox):
    learner = sandbox("""
        import numpy as np

        class Liar(np.ndarray):
            def __eq__(self, other):
                return np.ones(self.shape, dtype=bool)

        def answer():
            return np.arange(1.0, 7.0).reshape(2, 3).view(Liar)
    """)
    value = learner.call("answer")
    assert type(value) is np.ndarray
    assert value.dtype == np.float64 and value.shape == (2, 3)
    assert not (value == np.zeros((2, 3))).any()  # plain comparisons: the lie stayed in the child
    np.testing.assert_array_equal(value, np.arange(1.0, 7.0).reshape(2, 3))


@pytest.mark.parametrize("make", [
    "np.array([1, 'a', None], dtype=object)",
    "np.zeros(3, dtype=[('x', 'f8'), ('y', 'i4')])",
    "np.ones(3, dtype=complex)",
    "np.array(['a', 'b'])",
    "np.datetime64('2024-01-01')",
    "{'W': np.zeros(2)}",
    "open",
], ids=["object", "structured", "complex", "strings", "datetime", "dict", "function"])
def test_only_plain_numbers_cross(sandbox, make):
    learner = sandbox(f"import numpy as np\ndef answer():\n    return {make}\ndef echo(x):\n    return x\n")
    with pytest.raises(LearnerRefused):
        learner.call("answer")
    assert learner.call("echo", [1, 2, 3]) == [1, 2, 3]  # a refusal is not a crash: the child serves on


def forging(replies: str) -> str:
    """Learner code that replaces the child's reply writer (as any learner can) with `replies`,
    a function body that writes raw bytes to `stream` for every request but the first (load)."""
    return textwrap.dedent("""
        import io, json, struct
        import __main__
        import numpy as np

        honest = __main__.write_message

        def echo(x):
            return x

        def frame(header, blob=b""):
            data = header if isinstance(header, bytes) else json.dumps(header).encode()
            return struct.pack(">I", len(data)) + data + (struct.pack(">Q", len(blob)) + blob if blob else b"")

        def forged(stream, header, arrays):
            if "errors" in header:
                return honest(stream, header, arrays)
    """) + textwrap.indent(textwrap.dedent(replies), "    ") + "\n__main__.write_message = forged\n"


MALFORMED = {
    "header-is-a-list": 'stream.write(frame(b"[1, 2]"))',
    "array-index-out-of-range": 'stream.write(frame({"ok": True, "value": {"array": 3}, "n_arrays": 0}))',
    "float-that-is-not-a-float": 'stream.write(frame({"ok": True, "value": {"float": "x"}, "n_arrays": 0}))',
    "unknown-value-tag": 'stream.write(frame({"ok": True, "value": {"code": "import os"}, "n_arrays": 0}))',
    "warnings-not-a-list": 'stream.write(frame({"ok": True, "value": 1, "warnings": 5, "n_arrays": 0}))',
    "error-not-an-object": 'stream.write(frame({"ok": False, "error": "boom", "n_arrays": 0}))',
    "error-kind-not-a-string": 'stream.write(frame({"ok": False, "error": {"kind": [1]}, "n_arrays": 0}))',
    "n-arrays-not-a-number": 'stream.write(frame({"ok": True, "value": 1, "n_arrays": "many"}))',
    "npy-claims-petabytes": """
        header = io.BytesIO()
        np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (10**15,)})
        stream.write(frame({"ok": True, "value": {"array": 0}, "n_arrays": 1}, header.getvalue() + bytes(64)))
    """,
    "npy-with-pickled-objects": """
        blob = io.BytesIO()
        np.lib.format.write_array(blob, np.array([1, "a"], dtype=object), allow_pickle=True)
        stream.write(frame({"ok": True, "value": {"array": 0}, "n_arrays": 1}, blob.getvalue()))
    """,
    "truncated": 'stream.write(struct.pack(">I", 1000) + b"{}")',
}


@pytest.mark.parametrize("forgery", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_reply_is_the_learners_crash(sandbox, forgery):
    learner = sandbox(forging(textwrap.dedent(forgery) + "\nstream.flush()"), timeout=1.0, max_restarts=0)
    with pytest.raises((LearnerCrashed, LearnerTimeout)):
        learner.call("echo", [1, 2])


# Replies that break the reader itself, before any field is checked: each must be the learner's
# crash (one line saying so), never an exception escaping into the suite ("a defect in the hidden
# suite", no score written) and never a wait for data that does not come.
UNREADABLE = {
    "nested-100000-deep": 'stream.write(frame(b"[" * 100_000 + b"]" * 100_000))',
    "n-arrays-infinity": """stream.write(frame(b'{"ok": true, "value": 1, "n_arrays": Infinity}'))""",
    "n-arrays-1e300": """stream.write(frame(b'{"ok": true, "value": 1, "n_arrays": 1e300}'))""",
    "n-arrays-negative": """stream.write(frame(b'{"ok": true, "value": 1, "n_arrays": -1}'))""",
    "integer-of-5000-digits": """stream.write(frame(b'{"ok": true, "value": ' + b"9" * 5000 + b', "n_arrays": 0}'))""",
    "integer-of-100-digits": """stream.write(frame(b'{"ok": true, "value": ' + b"9" * 100 + b', "n_arrays": 0}'))""",
    "float-of-a-million-digits": 'stream.write(frame({"ok": True, "value": {"float": "1" * 1_000_000}, "n_arrays": 0}))',
    "one-array-named-twice": """
        blob = io.BytesIO()
        np.lib.format.write_array(blob, np.zeros(3), allow_pickle=False)
        stream.write(frame({"ok": True, "value": [{"array": 0}, {"array": 0}], "n_arrays": 1}, blob.getvalue()))
    """,
    "header-not-utf8": 'stream.write(frame(b"\\xff\\xfe{}"))',
}


@pytest.mark.parametrize("forgery", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_a_reply_that_breaks_the_reader_is_the_learners_crash(sandbox, forgery):
    learner = sandbox(forging(textwrap.dedent(forgery) + "\nstream.flush()"), timeout=5.0, max_restarts=0)
    started = time.monotonic()
    with pytest.raises(LearnerCrashed) as crash:
        learner.call("echo", [1, 2])
    assert time.monotonic() - started < 4.0  # read and refused, not waited for until the timeout
    explained = crash.value.explain()
    assert "\n" not in explained and len(explained) < 300, explained


def test_lone_surrogates_in_a_reply_become_text_that_can_be_stored(sandbox):
    learner = sandbox(forging('''stream.write(frame(b'{"ok": false, "error": {"kind": "E\\\\ud800", "message": "m\\\\udfff"}, "n_arrays": 0}'))
stream.flush()'''))
    with pytest.raises(boundary.LearnerError) as failure:
        learner.call("echo", 1)
    failure.value.explain().encode("utf-8")  # a lone surrogate would raise UnicodeEncodeError here
    assert "E" in failure.value.kind and "m" in failure.value.message


def test_a_pickle_in_a_reply_is_never_run_by_the_grader(sandbox, tmp_path):
    """An object array's pickle that would create a file when loaded: the grader must not load it."""
    target = tmp_path / "unpickled"
    learner = sandbox(forging(f"""
        class Payload:
            def __reduce__(self):
                return (open, ({str(target)!r}, "w"))

        blob = io.BytesIO()
        np.lib.format.write_array(blob, np.array([Payload()], dtype=object), allow_pickle=True)
        stream.write(frame({{"ok": True, "value": {{"array": 0}}, "n_arrays": 1}}, blob.getvalue()))
        stream.flush()
    """), max_restarts=0)
    with pytest.raises(LearnerCrashed):
        learner.call("echo", [1])
    assert not target.exists()


def test_the_texts_of_an_error_are_capped_by_the_grader(sandbox):
    learner = sandbox("""
        Loud = type("Loud", (Exception,), {})
        Loud.__name__ = "x" * 100_000

        def fail():
            raise Loud("y" * 100_000)
    """)
    with pytest.raises(Exception) as failure:
        learner.call("fail")
    assert len(failure.value.explain()) < 2_000


def test_all_arrays_of_one_message_share_one_size_budget():
    def message(n_arrays: int, size: int) -> io.BytesIO:
        stream = io.BytesIO()
        write_message(stream, {"ok": True}, [np.zeros(size, dtype=np.uint8)] * n_arrays)
        stream.seek(0)
        return stream

    header, arrays = read_message(message(2, 1000), max_bytes=4000)
    assert header["n_arrays"] == 2 and [a.size for a in arrays] == [1000, 1000]
    with pytest.raises(ValueError):  # each array is under the budget, together they are not
        read_message(message(5, 1000), max_bytes=4000)


# ---------------------------------------------------------------- output, timeouts, restarts
def test_output_is_captured_and_what_is_shown_is_capped(sandbox):
    learner = sandbox("""
        import sys
        print("hello from the learner")

        def shout(n):
            sys.stdout.write("z" * n)
            return n
    """, max_file_bytes=1 << 20)
    assert learner.call("shout", 50_000) == 50_000
    shown = learner.output()
    assert shown.startswith("hello from the learner\n")
    assert len(shown) <= OUTPUT_SHOWN + 100 and shown.endswith("(output cut)")


def test_a_flood_of_output_stops_at_the_file_size_limit(sandbox):
    learner = sandbox("""
        import os

        def flood():
            written = 0
            try:
                for _ in range(64):
                    written += os.write(1, b"x" * (1 << 20))
            except OSError:
                pass
            return written
    """, max_file_bytes=2 << 20)
    assert learner.call("flood") <= 2 << 20
    assert os.fstat(learner.output_file.fileno()).st_size <= 2 << 20


def test_a_timeout_kills_the_whole_process_group(sandbox):
    learner = sandbox("""
        import os, subprocess

        def spawn_and_hang():
            helper = subprocess.Popen(["sleep", "60"])  # same process group, no new session
            print("pids", os.getpid(), helper.pid, flush=True)
            while True:
                pass
    """, timeout=0.5, max_restarts=0)
    with pytest.raises(LearnerTimeout):
        learner.call("spawn_and_hang")
    pids = [int(p) for p in learner.output().split("pids", 1)[1].split()[:2]]
    deadline = time.monotonic() + 2
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not any(alive(pid) for pid in pids)


def test_the_restart_budget_is_respected(sandbox):
    learner = sandbox("""
        print("started", flush=True)

        def hang():
            while True:
                pass

        hang_again = hang_once_more = hang_at_last = hang
    """, timeout=0.4, max_restarts=2)
    for name in ("hang", "hang_again", "hang_once_more"):  # the first start and two restarts, each timed out
        with pytest.raises(LearnerTimeout):
            learner.call(name)
    started = time.monotonic()
    with pytest.raises(GAVE_UP, match="3 times"):
        learner.call("hang_at_last")
    assert time.monotonic() - started < 0.2  # given up: no fourth child, no fourth wait
    assert learner.output().count("started") == 3


# ---------------------------------------------------------------- what the child is (root only)
@needs_root
def test_the_child_is_an_unprivileged_uid_that_cannot_gain_privileges(sandbox):
    learner = sandbox("""
        import os

        def who():
            with open("/proc/self/status") as status:
                fields = dict(line.split(":", 1) for line in status)
            return [os.getuid(), os.geteuid(), os.getgid(), os.getgroups(),
                    fields["CapEff"].strip(), fields["NoNewPrivs"].strip()]
    """)
    uid, euid, gid, groups, capabilities, no_new_privs = learner.call("who")
    assert uid == euid == gid == UID_BASE + os.getpid()
    assert groups == [] and int(capabilities, 16) == 0 and no_new_privs == "1"


@needs_root
def test_the_child_has_no_network(sandbox):
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    server.settimeout(0.5)
    learner = sandbox(f"""
        import socket

        def connect(host):
            try:
                socket.create_connection((host, {port}), timeout=0.5).close()
                return "connected"
            except OSError as error:
                return str(error)
    """)
    try:
        assert "unreachable" in learner.call("connect", "127.0.0.1")
        assert "connected" != learner.call("connect", "1.1.1.1")
        with pytest.raises(socket.timeout):
            server.accept()
    finally:
        server.close()


@needs_root
def test_hidden_paths_are_invisible(sandbox, tmp_path):
    base = next((b for b in ("/srv", "/opt", "/mnt") if os.access(b, os.W_OK)), None)
    course = Path(tempfile.mkdtemp(prefix="nnkit-hidden-", dir=base))
    try:
        (course / "gradebook.db").write_bytes(b"grades")
        (tmp_path / "grader-file").write_text("the grader's /tmp")
        learner = sandbox("""
            import os

            def look(path):
                try:
                    return sorted(os.listdir(path)) if os.path.isdir(path) else open(path).read()
                except OSError as error:
                    return type(error).__name__

            def leave(path):
                with open(path, "w") as out:
                    out.write("from the child")
                return path
        """, hidden=(str(course),))
        assert learner.call("look", str(course)) == "FileNotFoundError"  # all of /srv, /opt, /mnt is covered
        assert learner.call("look", str(ROOT)) == [".venv"]  # only the Python installation is bound back
        assert learner.call("look", str(ROOT / "solutions" / "layer.py")) == "FileNotFoundError"
        assert learner.call("look", str(ROOT / "autograder" / "assignments")) == "FileNotFoundError"
        assert learner.call("look", str(tmp_path / "grader-file")) == "FileNotFoundError"  # a private /tmp
        for folder in ("/tmp", "/var/tmp", "/dev/shm", "/run/lock"):
            path = learner.call("leave", f"{folder}/nnkit-cheat-private-{os.getpid()}")
            assert not os.path.exists(path), f"{folder} is not private to the child"
    finally:
        for child in course.iterdir():
            child.unlink()
        course.rmdir()
