"""The sandbox boundary itself, through `SandboxLearner` and the real zygote and child.

What crosses (plain numeric arrays only, replies checked like untrusted input), what the learner's
output becomes, what a timeout kills, how many restarts there are, and what the child can see
and do when the grader is root. The catalogue of whole cheating submissions is tests/test_cheats.py.
"""

from __future__ import annotations

import errno
import io
import os
import socket
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from autograder import learner as boundary
from autograder.learner import LearnerCrashed, LearnerRefused, LearnerTimeout
from autograder.sandbox.child import read_message, write_message
from autograder.sandbox.client import OUTPUT_SHOWN, SandboxLearner, sandbox_uid

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


def processes_running(marker: str) -> list[int]:
    """Host pids of the processes whose command line holds `marker` (a sandbox's own pids are
    those of its PID namespace, so the test finds its processes by what they run)."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                if marker.encode() in cmdline.read() and alive(int(entry)):
                    found.append(int(entry))
        except (OSError, ValueError):
            continue
    return found


def test_a_timeout_kills_the_whole_process_group(sandbox):
    marker = f"60.{os.getpid()}{time.monotonic_ns() % 10**6}"  # sleep takes fractional seconds
    learner = sandbox(f"""
        import subprocess

        def ping():
            return 1

        def spawn_and_hang():
            subprocess.Popen(["sleep", "{marker}"])  # same process group, no new session
            while True:
                pass
    """, timeout=0.5, max_restarts=0)
    assert learner.call("ping") == 1
    child = learner.child.pid
    with pytest.raises(LearnerTimeout):
        learner.call("spawn_and_hang")
    deadline = time.monotonic() + 2
    while (alive(child) or processes_running(marker)) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not alive(child) and not processes_running(marker)


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
    assert uid == euid == gid == learner.isolation()["uid"] == sandbox_uid(learner.child.pid)
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


# ---------------------------------------------------------------- namespaces, keys, memory (root only)
EVERY_STEP = ["session", "memory-cgroup", "mount", "network", "ipc", "uts", "pid", "rlimits", "uid",
              "session-keyring", "no-key-calls"]


@needs_root
def test_as_root_every_isolation_step_takes(sandbox):
    from autograder.sandbox import memcg

    # a machine without a usable memory cgroup has the documented fallback instead
    expected = [step for step in EVERY_STEP if step != "memory-cgroup" or memcg.hierarchy() is not None]
    learner = sandbox("def ping():\n    return 1\n")
    assert learner.call("ping") == 1
    assert learner.isolation()["isolation"] == expected
    learner.close()
    assert learner.isolation()["isolation"] == expected  # the last child's report, after it ended


@needs_root
def test_each_sandbox_and_each_restart_has_a_uid_no_account_and_no_other_sandbox_has(sandbox):
    import pwd

    source = "import os\n\ndef uid():\n    return os.getuid()\n\ndef crash():\n    os._exit(1)\n"
    first, second = sandbox(source, max_restarts=1), sandbox(source)
    uids = [first.call("uid"), second.call("uid")]  # both alive at once
    with pytest.raises(LearnerCrashed):
        first.call("crash")
    uids.append(first.call("uid"))  # the restarted child
    assert len(set(uids)) == 3
    for uid in uids:
        with pytest.raises(KeyError):
            pwd.getpwuid(uid)


@needs_root
def test_the_child_sees_its_own_processes_only_and_a_neutral_host_name(sandbox):
    learner = sandbox("""
        import os, socket, subprocess

        def look():
            helper = subprocess.Popen(["sleep", "5"])
            pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
            helper.kill()
            helper.wait()
            return [os.getpid(), os.getppid(), pids, socket.gethostname()]
    """)
    pid, parent, pids, hostname = learner.call("look")
    assert (pid, parent, pids) == (1, 0, [1, 2])  # itself and its helper: not the grader, not the zygote
    assert hostname == "sandbox" != socket.gethostname()


@needs_root
def test_a_daemon_dies_with_its_sandbox(sandbox, monkeypatch):
    """The child is the first process of its PID namespace: when it ends, the kernel kills every
    process left in the namespace, whatever session it moved to (the uid sweep is the second net)."""
    marker = f"61.{os.getpid()}{time.monotonic_ns() % 10**6}"
    learner = sandbox(f"""
        import os, subprocess

        def detach():
            subprocess.Popen(["setsid", "sleep", "{marker}"], start_new_session=True)
            return 1
    """)
    assert learner.call("detach") == 1
    deadline = time.monotonic() + 2
    while not processes_running(marker) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert processes_running(marker), "the daemon never started"
    from autograder.sandbox import client

    monkeypatch.setattr(client, "sweep", lambda uid: None)  # only the namespace may kill it here
    learner.close()
    deadline = time.monotonic() + 2
    while processes_running(marker) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not processes_running(marker)


SYSV = """
    import ctypes, errno

    libc = ctypes.CDLL(None, use_errno=True)
    KEY = 0x6E6E6B75

    def create():
        made = [libc.shmget(KEY, 4096, 0o1000 | 0o666), libc.msgget(KEY, 0o1000 | 0o666),
                libc.semget(KEY, 1, 0o1000 | 0o666)]
        return made

    def find():
        return [libc.shmget(KEY, 0, 0), libc.msgget(KEY, 0), libc.semget(KEY, 0, 0)]

    def listed():
        return [open(f"/proc/sysvipc/{kind}").read().count(str(KEY)) for kind in ("shm", "msg", "sem")]

    def big_segment(size):
        segment = libc.shmget(0, ctypes.c_size_t(size), 0o1000 | 0o600)
        return errno.errorcode.get(ctypes.get_errno(), "?") if segment < 0 else "created"
"""


def sysv_keys_on_host(key: int) -> list[str]:
    found = []
    for kind in ("shm", "msg", "sem"):
        with open(f"/proc/sysvipc/{kind}") as table:
            found += [f"{kind}: {line.strip()}" for line in table if line.split()[0] == str(key)]
    return found


@needs_root
def test_sysv_ipc_is_private_to_a_sandbox_and_gone_after_it(sandbox):
    first = sandbox(SYSV)
    assert all(made >= 0 for made in first.call("create"))
    assert sysv_keys_on_host(0x6E6E6B75) == []  # not in the grader's IPC namespace, even while alive
    second = sandbox(SYSV)
    assert second.call("find") == [-1, -1, -1] and second.call("listed") == [0, 0, 0]
    first.close()
    third = sandbox(SYSV)
    assert third.call("find") == [-1, -1, -1]


@needs_root
def test_sysv_shared_memory_is_bounded_inside_the_sandbox(sandbox):
    learner = sandbox(SYSV)
    assert learner.call("big_segment", 32 << 20) == "created"
    assert learner.call("big_segment", 128 << 20) == "EINVAL"  # over the namespace's shmmax


def key_owners() -> dict[int, str]:
    with open("/proc/key-users") as owners:
        return {int(uid): usage.strip() for uid, _, usage in (line.partition(":") for line in owners)}


def test_keys_are_out_of_reach_and_none_outlive_the_sandbox(sandbox):
    learner = sandbox("""
        import ctypes, os

        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall.restype = ctypes.c_long
        NUMBERS = {"x86_64": (248, 250), "aarch64": (217, 219)}[os.uname().machine]

        def add_key():
            result = libc.syscall(NUMBERS[0], b"user", b"nnkit-test-key", b"x", 1, ctypes.c_long(-4))
            return [result, ctypes.get_errno()]

        def session_keyring():
            result = libc.syscall(NUMBERS[1], 0, ctypes.c_long(-3), 0)  # KEYCTL_GET_KEYRING_ID
            return [result, ctypes.get_errno()]

        def visible_keys():
            with open("/proc/keys") as keys:
                return [" ".join(line.split()[5:9]) for line in keys]
    """)
    assert learner.call("add_key") == [-1, errno.ENOSYS]
    uid = learner.isolation()["uid"]
    assert learner.call("session_keyring") == [-1, errno.ENOSYS]
    if IS_ROOT:  # its own anonymous session keyring is all it holds (root's would be uid 0)
        assert [key.split()[:3] for key in learner.call("visible_keys")] == [[str(uid), str(uid), "keyring"]]
    learner.close()
    deadline = time.monotonic() + 2  # the kernel frees a dead process's keyring a moment later
    while uid in key_owners() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert uid is None or uid not in key_owners()


MEMFD_HOARD = """
    import ctypes, os

    libc = ctypes.CDLL(None, use_errno=True)

    def hoard(count, size):
        held, block = 0, b"x" * size
        for _ in range(count):
            fd = libc.memfd_create(b"hoard", 0)
            if fd < 0:
                break
            held += os.write(fd, block)  # never mapped: RLIMIT_AS does not see these pages
        return held

    hoard_again = hoard  # a call that crashed is not tried again: the same function under another name
"""


@needs_root
def test_memfd_memory_counts_against_the_limit(sandbox):
    from autograder.sandbox import memcg

    if memcg.hierarchy() is None:
        pytest.skip("no usable memory cgroup here: test_without_a_cgroup_memfds_stay_bounded covers the fallback")
    # 64 MB memfds: the open-file limit (the fallback's bound) alone would allow 4 GB of them
    learner = sandbox(MEMFD_HOARD, memory_bytes=512 << 20, max_file_bytes=64 << 20, max_restarts=1, timeout=5.0)
    with pytest.raises(LearnerCrashed, match="out of memory"):
        learner.call("hoard", 20, 64 << 20)  # 1.25 GB of memfds against a 512 MB limit
    assert learner.call("hoard_again", 2, 64 << 20) == 128 << 20  # the grader survives, and restarts the child


@needs_root
def test_without_a_cgroup_memfds_stay_bounded(sandbox, monkeypatch):
    """The documented fallback: each memfd held to the file-size limit, their number to the
    open-file limit (lockdown.MAX_OPEN_FILES)."""
    from autograder.sandbox import lockdown, memcg

    monkeypatch.setattr(memcg.MemoryCgroup, "create", classmethod(lambda cls, limit: None))
    learner = sandbox(MEMFD_HOARD, memory_bytes=1 << 30)
    assert "memory-cgroup" not in learner.isolation()["isolation"]
    held = learner.call("hoard", 300, 4 << 20)
    assert held <= lockdown.MAX_OPEN_FILES * (4 << 20) < 1 << 30


@needs_root
def test_the_memory_cgroup_is_removed_after_the_sandbox(sandbox):
    from autograder.sandbox import memcg

    if memcg.hierarchy() is None:
        pytest.skip("no usable memory cgroup here")
    learner = sandbox("def ping():\n    return 1\n")
    assert learner.call("ping") == 1
    path = learner.child.cgroup.path
    assert path.is_dir()
    learner.close()
    assert not path.exists()


def test_running_out_of_cpu_time_is_reported_as_such(sandbox):
    learner = sandbox("""
        def spin():
            while True:
                pass
    """, cpu_seconds=1, timeout=10.0, max_restarts=0)
    with pytest.raises(LearnerCrashed, match="too much CPU time"):
        learner.call("spin")


# ---------------------------------------------------------------- installed packages (root only)
INSTALLED = """
    import importlib, os

    def look(folder):
        try:
            return sorted(os.listdir(folder))
        except OSError as error:
            return type(error).__name__

    def importable(name):
        try:
            importlib.import_module(name)
            return "imported"
        except ImportError as error:
            return type(error).__name__

    def numpy_works():
        import numpy.linalg, numpy.fft, json, decimal  # lazily imported: their files must be there
        return float(numpy.linalg.det(numpy.eye(3)) + numpy.fft.fft([1.0, 0.0]).real.sum())
"""


@needs_root
def test_only_numpy_is_visible_of_site_packages_in_the_editable_layout(sandbox):
    import sysconfig

    import numpy

    learner = sandbox(INSTALLED)
    site_packages = os.path.dirname(os.path.dirname(numpy.__file__))
    assert sorted(os.listdir(site_packages)) != learner.call("look", site_packages)  # there is more on the host
    assert learner.call("look", site_packages) == ["numpy", "numpy.libs"]
    base_site = sysconfig.get_paths(vars={"base": sys.base_prefix, "platbase": sys.base_exec_prefix})["purelib"]
    assert learner.call("look", base_site) in ("FileNotFoundError", [])
    for name in ("autograder", "nnkit", "pytest", "nbgrader"):
        assert learner.call("importable", name) == "ModuleNotFoundError"
    assert learner.call("numpy_works") == 3.0


@pytest.fixture(scope="module")
def regular_install():
    """A venv (outside /tmp, which the sandbox replaces anyway) with this project installed the
    regular way (`pip install`, not editable) and a hard-linked copy of numpy: the layout a
    learner gets, where the hidden suites and the reference maths lie in site-packages."""
    import shutil
    import subprocess

    import numpy

    base = next((b for b in ("/srv", "/opt", "/mnt") if os.access(b, os.W_OK)), None)
    if base is None:
        pytest.skip("no writable folder outside /tmp for the venv")
    folder = Path(tempfile.mkdtemp(prefix="nnkit-regular-install-", dir=base))
    try:
        venv = folder / "venv"
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
        python = venv / "bin" / "python"
        site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                   check=True, capture_output=True, text=True).stdout.strip())
        installed_numpy = Path(numpy.__file__).parent
        for name in ("numpy", "numpy.libs"):
            if (installed_numpy.parent / name).is_dir():
                shutil.copytree(installed_numpy.parent / name, site / name, copy_function=os.link)
        source = folder / "source"  # pip builds in the source tree: a copy keeps the checkout clean
        source.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(ROOT / name, source / name)
        for package in ("autograder", "nnkit"):
            shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
        install = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile", "--target", str(site)]
        # offline when this venv can build wheels itself (setuptools >= 70.1, or the wheel package);
        # otherwise pip fetches the build backend pyproject.toml names, as a learner's install does
        built = subprocess.run(install + ["--no-build-isolation", str(source)], capture_output=True, text=True)
        if built.returncode != 0:
            built = subprocess.run(install + [str(source)], capture_output=True, text=True)
        assert built.returncode == 0, built.stderr[-2000:]
        assert (site / "autograder" / "assignments" / "layer" / "suite.py").is_file()
        yield python, site
    finally:
        shutil.rmtree(folder, ignore_errors=True)


GRADER_IN_THE_VENV = """
import json, sys
from autograder.sandbox.client import SandboxLearner

learner = SandboxLearner([sys.argv[1]], timeout=10.0)
try:
    site = sys.argv[2]
    seen = {name: learner.call("look", f"{site}/{name}") for name in ("", "autograder", "autograder/assignments", "nnkit")}
    seen["import"] = learner.call("importable", "autograder.assignments.layer.suite")
    seen["numpy"] = learner.call("numpy_works")
    seen["isolation"] = learner.isolation()["isolation"]
    print(json.dumps(seen))
finally:
    learner.close()
"""


@needs_root
def test_a_regular_install_of_the_grader_is_unreadable_from_the_sandbox(regular_install):
    import json
    import subprocess

    python, site = regular_install
    run = subprocess.run([str(python), "-c", GRADER_IN_THE_VENV, textwrap.dedent(INSTALLED), str(site)],
                         capture_output=True, text=True, timeout=120, cwd="/")
    assert run.returncode == 0, run.stderr[-2000:]
    seen = json.loads(run.stdout)
    assert "mount" in seen["isolation"]
    assert seen[""] == ["numpy", "numpy.libs"]  # the venv's site-packages, as the sandbox sees it
    assert seen["autograder"] == seen["autograder/assignments"] == seen["nnkit"] == "FileNotFoundError"
    assert seen["import"] == "ModuleNotFoundError"
    assert seen["numpy"] == 3.0


# ---------------------------------------------------------------- the seccomp filter itself
def in_a_filtered_child(names: tuple[str, ...], probe) -> int:
    """Fork, install lockdown's filter for `names`, return what `probe()` returned (a small int)."""
    from autograder.sandbox import lockdown

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            lockdown.check(lockdown.libc().prctl(lockdown.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl")
            lockdown.forbid(names)
            os.write(write_end, str(probe()).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as result:
        answer = result.read()
    os.waitpid(pid, 0)
    return int(answer)


def test_without_an_ipc_namespace_the_filter_refuses_sysv_objects_and_message_queues():
    import ctypes

    from autograder.sandbox import lockdown

    libc = ctypes.CDLL(None, use_errno=True)

    def create_all() -> int:
        """A bit per creating call that failed with ENOSYS; what was created is removed at once."""
        failed = 0
        queue = b"/nnkit-test-queue-%d" % os.getpid()
        calls = [(lambda: libc.shmget(0, 4096, 0o1000 | 0o600), lambda made: libc.shmctl(made, 0, None)),
                 (lambda: libc.semget(0, 1, 0o1000 | 0o600), lambda made: libc.semctl(made, 0, 0)),
                 (lambda: libc.msgget(0, 0o1000 | 0o600), lambda made: libc.msgctl(made, 0, None)),
                 (lambda: libc.mq_open(queue, 0o100 | 2, 0o600, None), lambda made: libc.mq_unlink(queue))]
        for bit, (create, remove) in enumerate(calls):  # IPC_PRIVATE, IPC_CREAT; IPC_RMID is 0
            ctypes.set_errno(0)
            made = create()
            if made == -1 and ctypes.get_errno() == errno.ENOSYS:
                failed |= 1 << bit
            elif made >= 0:
                remove(made)
        return failed if os.getpid() > 0 else -1  # getpid still works: only the named calls are refused

    assert in_a_filtered_child(lockdown.KEY_CALLS + lockdown.IPC_CALLS, create_all) == 0b1111
    assert in_a_filtered_child(lockdown.KEY_CALLS, create_all) == 0  # with the namespace they are allowed


@pytest.mark.skipif(os.uname().machine != "x86_64", reason="32-bit system calls through int 0x80 are x86 only")
def test_32_bit_system_calls_cannot_get_round_the_filter(sandbox):
    learner = sandbox("""
        import ctypes, mmap, os

        def getpid_through_int_0x80():
            code = bytes([0xB8, 20, 0, 0, 0, 0xCD, 0x80, 0xC3])  # mov eax, 20 (i386 getpid); int 0x80; ret
            memory = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
            memory.write(code)
            function = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.addressof(ctypes.c_char.from_buffer(memory)))
            return [function(), os.getpid()]
    """)
    through_int_0x80, pid = learner.call("getpid_through_int_0x80")
    assert pid > 0 and through_int_0x80 == -errno.ENOSYS
