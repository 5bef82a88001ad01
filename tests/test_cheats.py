"""Cheating submissions (tests/cheats/) graded in the real sandbox: every one must gain nothing.

Each cheat is a WRONG Layer plus one attack, with a header:

    # attack: what it tries
    # expect: less than full marks
    # needs: root (why the defence needs namespaces)       optional: skipped when not root
    # timeout: 0.4                                          optional: the per-call timeout to grade it with
    # hole: what the sandbox lets through                   optional: a known hole (strict xfail) until it is fixed

The attack is marked in the code (`# attack begins` ... `# attack ends`, or a line ending in
`# attack`); without those lines the file is the honest wrong Layer, whose score is the most the
cheat may get. For every cheat, grading must:
- give less than full marks, and no more than the honest wrong Layer gets;
- show no sign of a successful attack in the output (cheats print "ATTACK WORKED" when they
  reach something outside the sandbox);
- leave no process of a sandbox uid and no stray child of this process, no SysV IPC object and
  no key of a sandbox uid, and no memory cgroup;
- write nothing outside the child's scratch folder (a course folder with a real SQLite gradebook,
  the project, site-packages, /tmp, /var/tmp, /dev/shm, /run/lock are compared before and after);
- accept no connection on a port this test listens on, and read no key of the grader's session
  keyring (where a key is planted);
- finish within a bound derived from the configured timeout, with the grader's memory and the
  feedback it produces bounded.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import resource
import shutil
import signal
import socket
import sqlite3
import sysconfig
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.context import GradingContext, fresh_seed
from autograder.grading import grade_cells, grade_path
from autograder.sandbox import forkserver, lockdown, memcg
from autograder.sandbox.client import sandbox_uid

ROOT = Path(__file__).resolve().parents[1]
CHEATS = ROOT / "tests" / "cheats"
CORRECT_LAYER = ROOT / "autograder" / "assignments" / "layer" / "catalogue" / "correct" / "as_in_the_notes.py"
MARKER = "nnkit-cheat"  # every file a cheat tries to leave has it in its name or its content
ALARM = "ATTACK WORKED"
LISTEN_PORT = 47613  # the cheats that try the grader's loopback connect here

TIMEOUT = 1.0  # seconds per call: an honest layer needs milliseconds; 1 s keeps a busy machine from timing it out
MAX_RESTARTS = 1  # one restart shows it; the budget itself is tested in test_sandbox.py
# On top of (restarts + 1) timeouts: the suite's own work, pytest and the child's start-up, plus
# what a loaded two-core machine adds (an honest grade takes about 1 s).
SLACK = 8.0
MAX_FEEDBACK_BYTES = 256 << 10  # the whole Gradescope JSON of one submission
MAX_GRADER_GROWTH = 256 << 20  # the grader's peak memory may not grow by more than this during one grade
IS_ROOT = os.geteuid() == 0


# ---------------------------------------------------------------- the catalogue
@dataclass
class Cheat:
    path: Path
    attack: str
    expect: str
    needs: str
    hole: str
    timeout: float

    @property
    def text(self) -> str:
        return self.path.read_text()

    def honest_text(self) -> str:
        """The file without its attack: the wrong Layer as an honest learner would have sent it."""
        kept, skipping = [], False
        for line in self.text.splitlines():
            marker = line.strip()
            if marker == "# attack begins":
                skipping = True
            elif marker == "# attack ends":
                skipping = False
            elif not skipping and not re.search(r"#\s*attack\s*$", line):
                kept.append(line)
        return "\n".join(kept) + "\n"


def header(text: str, field: str) -> str:
    found = re.search(rf"^# {field}: (.*)$", text, re.MULTILINE)
    return found.group(1).strip() if found else ""


def load_cheat(path: Path) -> Cheat:
    text = path.read_text()
    return Cheat(path, header(text, "attack"), header(text, "expect"), header(text, "needs"),
                 header(text, "hole"), float(header(text, "timeout") or TIMEOUT))


CATALOGUE = [load_cheat(path) for path in sorted(CHEATS.glob("*.py"))]


def cheat_param(cheat: Cheat):
    marks = []
    if cheat.needs.startswith("root") and not IS_ROOT:
        marks.append(pytest.mark.skip(reason=f"needs the grader to be root: {cheat.needs}"))
    if cheat.hole:
        marks.append(pytest.mark.xfail(strict=True, reason=f"known hole: {cheat.hole}"))
    return pytest.param(cheat, id=cheat.path.stem, marks=marks)


def test_catalogue_is_well_formed():
    assert len(CATALOGUE) >= 22
    for cheat in CATALOGUE:
        assert cheat.attack and cheat.expect == "less than full marks", cheat.path.name
        honest = cheat.honest_text()
        compile(honest, str(cheat.path), "exec")  # the honest version must still be a program
        assert honest != cheat.text, f"{cheat.path.name} marks no attack"
        assert "class Layer" in honest, cheat.path.name


# ---------------------------------------------------------------- what must not change
def files_under(folder: Path, depth: int) -> dict[str, tuple[int, int]]:
    """path -> (size, mtime) of every file in `folder`, down to `depth` levels of subfolders."""
    found = {}
    for root, dirs, _ in os.walk(folder, onerror=lambda error: None):
        if root[len(str(folder)):].count("/") >= depth:
            dirs[:] = []
        if root.startswith("/tmp/nnkit-sandbox-"):  # the grader's scratch for a child: its own to write
            continue
        try:
            entries = list(os.scandir(root))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_file(follow_symlinks=False):
                    stat = entry.stat(follow_symlinks=False)
                    found[entry.path] = (stat.st_size, stat.st_mtime_ns)
            except OSError:
                continue
    return found


def shared_places() -> list[tuple[Path, int]]:
    """(folder, depth): places others write to while these tests run, where only files that carry
    the marker count. Each cheat is checked to a small depth (a full walk of /tmp, where other
    tests keep their files, costs a quarter of a second); the last test walks everything."""
    purelib = Path(sysconfig.get_paths()["purelib"])
    places = [(Path("/tmp"), 2)] + [(Path(p), 8) for p in ("/var/tmp", "/dev/shm", "/run/lock")]
    places += [(ROOT / sub, 0) for sub in ("", "autograder", "autograder/assignments/layer", "solutions", "tests")]
    places += [(purelib, 0), (Path(sysconfig.get_paths()["stdlib"]), 0), (Path("/"), 0), (Path("/work"), 0)]
    return [(place, depth) for place, depth in places if place.is_dir()]


def carries_marker(path: str) -> bool:
    if MARKER in os.path.basename(path):
        return True
    try:
        with open(path, "rb") as content:
            return MARKER.encode() in content.read(1 << 16)
    except OSError:
        return False


@dataclass
class Snapshot:
    shared: dict[str, tuple[int, int]]
    own: dict[str, tuple[int, int]]  # places only these tests write to: every change counts

    @classmethod
    def take(cls, course: Path) -> "Snapshot":
        shared = {}
        for place, depth in shared_places():
            shared.update(files_under(place, depth))
        own = {**files_under(course, depth=8), **files_under(CHEATS, depth=8)}
        own.update({path: (stat.st_size, hash_of(path)) for path, stat in
                    ((p, os.stat(p)) for p in own if p.endswith(".db"))})
        return cls(shared, own)

    def writes_since(self, before: "Snapshot") -> list[str]:
        changed = [path for path, state in self.shared.items()
                   if before.shared.get(path) != state and carries_marker(path)]
        changed += [path for path in set(self.own) | set(before.own) if self.own.get(path) != before.own.get(path)]
        return sorted(changed)


def hash_of(path: str) -> int:
    with open(path, "rb") as content:
        return int.from_bytes(hashlib.sha256(content.read()).digest()[:7], "big")


# ---------------------------------------------------------------- what must not be left running
SPAWNED: set[int] = set()  # pids of every sandbox this test process started, through any zygote


def our_sandbox_uids() -> set[int]:
    """The uids of this process's sandboxes (client.sandbox_uid: a base plus the child's pid).
    Other graders on the machine may run sandboxes of their own: theirs are not our leftovers."""
    if forkserver._zygote is not None:
        SPAWNED.update(forkserver._zygote.spawned)
    return {sandbox_uid(pid) for pid in SPAWNED}


def process_table() -> dict[int, dict]:
    """pid -> {ppid, state, uids (real, effective, saved, fs)} of every process."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
            table[int(entry)] = {"ppid": int(fields["PPid"]), "state": fields["State"].split()[0],
                                 "uids": [int(u) for u in fields["Uid"].split()], "name": fields["Name"].strip()}
        except (OSError, KeyError, ValueError):
            continue
    return table


def leftovers() -> list[str]:
    """Live processes the sandbox left: any of a sandbox uid's (real or effective: a setuid program
    keeps the real one), and any child of this process or of the zygote but the zygote itself."""
    me, ours = os.getpid(), our_sandbox_uids()
    zygote = forkserver._zygote.process.pid if forkserver._zygote is not None else None
    found = {}
    for pid, info in process_table().items():
        if info["state"] == "Z":
            continue
        if ours & set(info["uids"]):
            found[pid] = f"{info['name']} with uids {info['uids']}"
        elif info["ppid"] in (me, zygote) and pid != zygote:
            found[pid] = f"{info['name']}, a stray child of {'the zygote' if info['ppid'] == zygote else 'the test'}"
    return [f"{pid}: {why}" for pid, why in sorted(found.items())]


def kernel_objects() -> set[str]:
    """SysV IPC objects and key owners of sandbox uids, and this grader's memory cgroups: what the
    kernel keeps after a process ends unless the sandbox's namespaces and filters prevent it."""
    found, ours = set(), our_sandbox_uids()
    for kind, uid_column in (("shm", 7), ("msg", 7), ("sem", 4)):
        with open(f"/proc/sysvipc/{kind}") as table:
            for row in (line.split() for line in list(table)[1:]):
                if int(row[uid_column]) in ours:
                    found.add(f"SysV {kind} {row[1]} of uid {row[uid_column]}")
    with open("/proc/key-users") as owners:
        for line in owners:
            uid, _, usage = line.partition(":")
            if int(uid) in ours:
                found.add(f"keys of uid {uid.strip()}: {usage.split()[1]}")
    cgroups = memcg.hierarchy()
    if cgroups is not None:
        found |= {f"memory cgroup {c.name}" for c in cgroups.parent.glob(f"{memcg.PREFIX}{os.getpid()}-*")}
    return found


def kernel_leftovers(before: set[str], patience: float = 5.0) -> list[str]:
    """What `kernel_objects` holds now and did not before. The kernel frees a dead sandbox's
    session keyring and IPC namespace a moment after its last process (the keyring only once
    its files are released: 1.5 s after 1.4 GB of memfds, measured): wait that long at most."""
    deadline = time.monotonic() + patience
    while True:
        left = sorted(kernel_objects() - before)
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.02)


def kill_leftovers() -> None:
    """Kill, by pid, whatever a cheat graded here left running (these tests started them)."""
    for _ in range(20):
        pids = [int(line.split(":")[0]) for line in leftovers()]
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.05)


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def course():
    """A course folder outside /tmp (so that `hidden`, not the private /tmp, is what hides it) with
    a real gradebook and another learner's correct submission to tempt the cheats."""
    base = next((b for b in ("/srv", "/opt", "/mnt") if os.access(b, os.W_OK)), None)
    folder = Path(tempfile.mkdtemp(prefix="nnkit-course-", dir=base))
    with sqlite3.connect(folder / "gradebook.db") as db:
        db.execute("CREATE TABLE grade (student TEXT, assignment TEXT, score REAL, max_score REAL)")
        db.execute("INSERT INTO grade VALUES ('alice', 'layer', 25.0, 25.0)")
    db.close()
    (folder / "submitted" / "alice" / "layer").mkdir(parents=True)
    shutil.copy(CORRECT_LAYER, folder / "submitted" / "alice" / "layer" / "layer.py")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


class Listener:
    """A TCP server on the grader's loopback; records every connection it accepts."""

    def __init__(self, port: int):
        self.server = socket.create_server(("127.0.0.1", port))
        self.server.settimeout(0.2)
        self.connections: list[str] = []
        self.running = True
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while self.running:
            try:
                connection, peer = self.server.accept()
            except OSError:
                continue
            self.connections.append(f"{peer[0]}:{peer[1]}")
            connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.server.close()


@pytest.fixture(scope="module")
def listener():
    try:
        server = Listener(LISTEN_PORT)
    except OSError:
        pytest.skip(f"port {LISTEN_PORT} is in use: the loopback check needs it")
    yield server
    server.close()


KEY_SPEC_SESSION_KEYRING = -3
GRADER_SECRET = b"nnkit-cheat-grader-secret: dW = A_prev.T @ dZ"


@pytest.fixture(scope="module")
def grader_keyring():
    """A session keyring of this grader's own, holding a secret key, inherited by a fresh zygote:
    a grader started from a login (pam_keyinit) has one, and a sandbox must not read it."""
    libc = lockdown.libc()
    libc.syscall.restype = ctypes.c_long
    try:
        numbers = lockdown.system_calls()[1]
    except OSError:
        yield None
        return
    add_key, keyctl = numbers["add_key"], numbers["keyctl"]
    libc.syscall(ctypes.c_long(keyctl), ctypes.c_long(lockdown.KEYCTL_JOIN_SESSION_KEYRING), None)
    key = libc.syscall(ctypes.c_long(add_key), b"user", b"nnkit-grader-secret", GRADER_SECRET,
                       ctypes.c_size_t(len(GRADER_SECRET)), ctypes.c_long(KEY_SPEC_SESSION_KEYRING))
    if forkserver._zygote is not None:  # started before this keyring: the next one inherits it
        our_sandbox_uids()
        forkserver._zygote.close()
        forkserver._zygote = None
    yield key
    libc.syscall(ctypes.c_long(keyctl), ctypes.c_long(21), ctypes.c_long(key))  # KEYCTL_INVALIDATE


@pytest.fixture(scope="module")
def honest_scores():
    return {}


# Every run draws fresh cases, and a wrong layer's score may depend on them (a mistake that only
# some numbers show): the honest wrong layer and its cheat are graded on the same cases.
SEED = fresh_seed()


def limits_for(cheat: Cheat, course: Path) -> dict:
    # the whole submission may use as much time as its allowed timeouts: no more
    return {"timeout": cheat.timeout, "max_restarts": MAX_RESTARTS, "hidden": (str(course),),
            "total_seconds": (MAX_RESTARTS + 1) * cheat.timeout, "context": GradingContext(seed=SEED)}


def honest_score(cheat: Cheat, course: Path, cache: dict) -> float:
    text = cheat.honest_text()
    if text not in cache:
        result = grade_cells([text], "layer", **limits_for(cheat, course))
        assert result.score < result.max_score, f"the honest version of {cheat.path.name} is not wrong"
        cache[text] = result.score
        kill_leftovers()
    return cache[text]


# ---------------------------------------------------------------- the test
@pytest.mark.parametrize("cheat", [cheat_param(c) for c in CATALOGUE])
def test_cheat_gains_nothing(cheat, course, listener, grader_keyring, honest_scores):
    ceiling = honest_score(cheat, course, honest_scores)
    bound = (MAX_RESTARTS + 2) * cheat.timeout + SLACK  # the total budget, then one last call's deadline
    before = Snapshot.take(course)
    objects_before = kernel_objects()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss << 10
    problems = []
    started = time.monotonic()
    try:
        result = grade_path(cheat.path, "layer", **limits_for(cheat, course))
    except Exception as crash:  # the grader itself failed: a grader error, not a graded zero
        result = None
        problems.append(f"grading raised {type(crash).__name__}: {str(crash)[:300]}")
    elapsed = time.monotonic() - started
    try:
        if result is not None:
            if result.score >= result.max_score:
                problems.append(f"full marks ({result.score}/{result.max_score})")
            if result.score > ceiling:
                problems.append(f"the attack gained points: {result.score} > {ceiling} for the honest wrong Layer "
                                f"(seed {SEED})")
            if ALARM in result.output:
                problems.append("the cheat reports: " + "; ".join(
                    line for line in result.output.splitlines() if ALARM in line)[:500])
            if GRADER_SECRET in result.output.encode():
                problems.append("the grader's secret key is in the output")
            size = len(json.dumps(result.to_gradescope()))
            if size > MAX_FEEDBACK_BYTES:
                problems.append(f"the feedback is {size >> 10} KB (at most {MAX_FEEDBACK_BYTES >> 10} KB)")
        if elapsed > bound:
            problems.append(f"grading took {elapsed:.1f} s, more than {bound:.1f} s")
        growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss << 10) - peak_before
        if growth > MAX_GRADER_GROWTH:
            problems.append(f"the grader's peak memory grew by {growth >> 20} MB")
        left = leftovers()
        if left:
            problems.append("processes left behind: " + ", ".join(left))
        kept = kernel_leftovers(objects_before)
        if kept:
            problems.append("left in the kernel: " + ", ".join(kept[:10]))
        written = Snapshot.take(course).writes_since(before)
        if written:
            problems.append("written outside the scratch folder: " + ", ".join(written[:10]))
        if listener.connections:
            problems.append("connected to the grader's loopback: " + ", ".join(listener.connections))
    finally:
        kill_leftovers()
        after = Snapshot.take(course)
        for path in after.writes_since(before):
            if path in after.shared:  # a failed cheat's litter (it carries the marker), removed for the next one
                Path(path).unlink(missing_ok=True)
        listener.connections.clear()
    assert not problems, f"{cheat.path.name} ({cheat.attack}):\n" + "\n".join(problems)


def test_nothing_left_behind_after_the_catalogue(course):
    """After every cheat (some have daemons that wait before they write): no marker anywhere."""
    deadline = time.monotonic() + 1.0  # longer than the daemon cheat's first sleep
    while time.monotonic() < deadline:
        time.sleep(0.1)
    assert not leftovers()
    marked = []
    for place, depth in shared_places() + [(ROOT, 99)]:
        for root, dirs, names in os.walk(place, onerror=lambda error: None):
            dirs[:] = [d for d in dirs if d != ".git" and os.path.join(root, d) != str(CHEATS)]
            marked += [os.path.join(root, n) for n in names + dirs if MARKER in n]
            if depth == 0:
                break
    assert not [m for m in marked if not m.startswith("/tmp/nnkit-sandbox-")], marked
