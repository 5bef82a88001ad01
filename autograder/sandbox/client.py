"""The trusted side of the sandbox: starts, talks to, times out and cleans up the child.

The child is a fresh interpreter (`python -I -c <lockdown.py + child.py>`) that locks itself
down before it reads the learner's code. Requests go down one pipe, replies come up another;
the child's stdout and stderr go to a capped file that is shown to the learner and never parsed.
"""

from __future__ import annotations

import functools
import os
import select
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from autograder.learner import (
    LearnerCrashed,
    LearnerFailure,
    LearnerGaveUp,
    LearnerTimeout,
    RequestingLearner,
    load_request,
    shown_name,
)
from autograder.learner_text import valid_unicode
from autograder.sandbox.child import read_message, write_message
from autograder.sandbox.forkserver import sweep, zygote
from autograder.sandbox.memcg import MemoryCgroup

HERE = Path(__file__).parent
PROJECT_ROOT = HERE.parent.parent
# Sandbox uids: a base far above any real account, plus the child's pid as the grader sees it
# (lockdown.py). A pid belongs to one live process at a time and comes back only after the
# kernel has handed out all the others (pid_max: 32768 to 4 million), so no two live sandboxes
# share a uid, nor two of one run unless the machine started pid_max processes meanwhile. Even
# then nothing carries over: no process, SysV object, key or file of a sandbox outlives it
# (tests/test_cheats.py checks each cheat for them).
UID_BASE = 1_500_000_000
PID_SPAN = 1 << 22  # the kernel's largest pid_max on 64-bit machines
OUTPUT_SHOWN = 8_000  # characters of the learner's output kept for feedback


@dataclass
class Limits:
    timeout: float = 10.0  # wall-clock seconds for one call into learner code
    # Loading runs the submission's top-level code, imports included (matplotlib alone takes about a
    # second on a busy machine): a short per-call `timeout` must not cut it off. An infinite loop at
    # the top level is still stopped here, and by `total_seconds`.
    load_timeout: float = 20.0
    cpu_seconds: int = 30
    memory_bytes: int = 1 << 30  # each process's address space, and all the sandbox's memory together
    max_file_bytes: int = 4 << 20
    # After a crash or timeout the child is restarted (the learner's code loaded again) this often,
    # then the remaining checks fail. A call that timed out or crashed is not tried again: the
    # next call of the same function fails at once with the same explanation, so an infinite loop
    # in backward costs the backward checks one timeout, not every check after it.
    max_restarts: int = 6
    # All calls into one submission together: code that answers each call just inside `timeout`
    # would otherwise hold the grader for (number of calls) x timeout.
    total_seconds: float = 60.0
    max_processes: int = 8  # threads count too; a layer needs none, and RLIMIT_AS is per process
    hidden: tuple[str, ...] = ()  # more folders to hide (course folders)


@functools.cache
def uid_base() -> int:
    """The first base at or above UID_BASE whose PID_SPAN uids no account (user or group) uses."""
    import grp
    import pwd

    taken = {entry.pw_uid for entry in pwd.getpwall()} | {entry.gr_gid for entry in grp.getgrall()}
    base = UID_BASE
    while any(base <= taken_id < base + PID_SPAN for taken_id in taken):
        base += PID_SPAN
    return base


def sandbox_uid(pid: int) -> int:
    return uid_base() + pid


def package_folders() -> set[str]:
    """Every folder Python installs packages into, for this interpreter and its base: where a
    regular `pip install` of this project puts the hidden suites and the reference maths."""
    import site
    import sysconfig

    folders = set(site.getsitepackages()) | set(site.getsitepackages([sys.base_prefix, sys.base_exec_prefix]))
    folders.add(site.getusersitepackages())
    for scheme_vars in ({}, {"base": sys.base_prefix, "platbase": sys.base_exec_prefix}):
        paths = sysconfig.get_paths(vars=scheme_vars)
        folders |= {paths["purelib"], paths["platlib"]}
    # and the package folders on sys.path (a --system-site-packages venv's base, Debian's
    # /usr/lib/python3/dist-packages); not every sys.path entry: the script's own folder may be
    # /usr/local/bin. This project's packages are hidden wherever they are (hidden_paths).
    folders |= {entry for entry in sys.path if os.path.basename(entry.rstrip("/")) in ("site-packages", "dist-packages")}
    return {os.path.realpath(folder) for folder in folders}


def standard_library() -> set[str]:
    import sysconfig

    base = sysconfig.get_paths(vars={"base": sys.base_prefix, "platbase": sys.base_exec_prefix,
                                     "installed_base": sys.base_prefix, "installed_platbase": sys.base_exec_prefix})
    folders = {base["stdlib"], base["platstdlib"], os.path.dirname(os.__file__)}
    folders |= {entry for entry in sys.path if entry.endswith("lib-dynload")}
    return {os.path.realpath(folder) for folder in folders}


def hidden_paths(extra: tuple[str, ...]) -> list[str]:
    """Everything learner code must not read: this project (hidden suites, solutions, source),
    wherever its packages were installed, every package folder, root's home, and the folders the
    caller names (the course with its gradebook)."""
    import importlib.util

    import autograder

    paths = {str(PROJECT_ROOT), str(Path(autograder.__file__).resolve().parent), os.path.expanduser("~"), *extra}
    nnkit = importlib.util.find_spec("nnkit")
    if nnkit is not None and nnkit.submodule_search_locations:
        paths |= set(nnkit.submodule_search_locations)
    paths |= package_folders()
    return sorted(os.path.realpath(p) for p in paths)


def kept_paths() -> list[str]:
    """What the child may read inside hidden folders: the standard library, the interpreter (and
    its shared library) and numpy's own folders. Nothing else of site-packages."""
    import sysconfig

    numpy_folder = os.path.dirname(os.path.realpath(np.__file__))
    paths = standard_library() | {os.path.realpath(sys.executable), numpy_folder,
                                  os.path.join(os.path.dirname(numpy_folder), "numpy.libs")}
    library = os.path.join(sysconfig.get_config_var("LIBDIR") or "", sysconfig.get_config_var("INSTSONAME") or "")
    if os.path.isfile(library):
        paths.add(library)
    return sorted(os.path.realpath(p) for p in paths if os.path.exists(p))


@dataclass
class Child:
    ticket: int  # the zygote's answer to "which pid?" comes later: zygote().pid(ticket)
    requests: "DeadlineStream"
    replies: "DeadlineStream"
    privileged: bool  # runs as its own uid (when the grader is root)
    cgroup: MemoryCgroup | None
    reaped: bool = False

    @property
    def pid(self) -> int:
        return zygote().pid(self.ticket)

    @property
    def uid(self) -> int | None:
        return sandbox_uid(self.pid) if self.privileged else None


class SandboxLearner(RequestingLearner):
    """A `Learner` whose code runs in a locked-down child process (see lockdown.py)."""

    def __init__(self, cells: list[str], limits: Limits | None = None, **overrides):
        super().__init__()
        self.cells = list(cells)
        self.limits = limits or Limits(**overrides)
        self.child: Child | None = None
        self.restarts = -1
        self.gave_up: str = ""
        self.failed_calls: dict[str, LearnerFailure] = {}
        self.time_used = 0.0
        self.timed_out = False  # some request hit its time limit (autograde reports it)
        self.last_isolation: dict | None = None
        self.scratch = tempfile.mkdtemp(prefix="nnkit-sandbox-")
        self.output_file = tempfile.TemporaryFile(dir=self.scratch)
        os.chmod(self.scratch, 0o711)

    # -- life cycle -----------------------------------------------------------
    def start(self) -> None:
        self.restarts += 1
        requests_read, requests_write = os.pipe()
        replies_read, replies_write = os.pipe()
        privileged = os.geteuid() == 0
        cgroup = MemoryCgroup.create(int(self.limits.memory_bytes))
        config = {
            "uid_base": uid_base() if privileged else None,
            "cgroup": str(cgroup.path) if cgroup else None,
            "hidden": hidden_paths(self.limits.hidden),
            "keep": kept_paths(),
            "scratch": self.scratch,
            "cpu_seconds": int(self.limits.cpu_seconds),
            "memory_bytes": int(self.limits.memory_bytes),
            "max_processes": int(self.limits.max_processes),
            "max_file_bytes": int(self.limits.max_file_bytes),
        }
        try:
            ticket = zygote().spawn(config, (requests_read, replies_write, self.output_file.fileno()))
        except BaseException:
            if cgroup:
                cgroup.remove()
            raise
        finally:
            os.close(requests_read)
            os.close(replies_write)
        self.child = Child(ticket, DeadlineStream(requests_write), DeadlineStream(replies_read), privileged, cgroup)
        self.load_errors = self.request(load_request(self.cells))

    def stop(self) -> None:
        """Kill the child, its process group and every process its uid still has."""
        child, self.child = self.child, None
        if child is None:
            return
        for stream in (child.requests, child.replies):
            try:
                stream.close()
            except OSError:
                pass
        for kill in (os.killpg, os.kill):  # the group, and the child itself if it never got its session
            try:
                kill(child.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if not child.reaped:
            zygote().exit_status(child.pid)  # reaped: the sweep below then only has strays to find
        if child.uid is not None:
            sweep(child.uid)  # strays only where the kernel refused a PID namespace
        if child.cgroup:
            child.cgroup.remove()
        self.last_isolation = zygote().isolation(child.pid, timeout=0) or self.last_isolation

    def isolation(self, timeout: float = 5.0) -> dict:
        """What the running (or else the last) child reported once locked down: its uid and the
        isolation steps that took (lockdown.lock_down), e.g. {"uid": ..., "isolation": [...]}."""
        if self.child is not None:
            report = zygote().isolation(self.child.pid, timeout=timeout, keep=True)
            if report is not None:
                return report
        return self.last_isolation or {"uid": None, "isolation": []}  # no child got that far

    def close(self) -> None:
        self.stop()
        try:
            self.output_file.close()
        finally:
            import shutil

            shutil.rmtree(self.scratch, ignore_errors=True)

    # -- requests -------------------------------------------------------------
    def exchange(self, request: dict, arrays: list[np.ndarray]):
        if not self.gave_up and self.time_used > self.limits.total_seconds:
            self.stop()
            self.gave_up = (f"your code used more than {self.limits.total_seconds:g} s in all, "
                            "so the remaining checks were skipped")
        if self.gave_up:
            raise LearnerGaveUp(self.gave_up)
        called = shown_name(request.get("target", "")) if request.get("op") == "call" else ""
        if called in self.failed_calls:
            raise self.failed_calls[called]
        try:
            return self.exchange_once(request, arrays)
        except (LearnerTimeout, LearnerCrashed) as failure:
            if request.get("op") == "load":  # every restart would load the same code and fail the same way
                self.gave_up = f"while loading, {failure.explain()}; nothing else could be checked"
                raise LearnerGaveUp(self.gave_up) from None
            if called:
                failure.where = called
                self.failed_calls[called] = failure
            raise

    def exchange_once(self, request: dict, arrays: list[np.ndarray]):
        if self.child is None and request.get("op") != "load":
            if self.restarts >= self.limits.max_restarts:
                self.gave_up = f"your code crashed or timed out {self.restarts + 1} times, so the remaining checks were skipped"
                raise LearnerGaveUp(self.gave_up)
            self.start()
        child = self.child
        started = time.monotonic()
        remaining = self.limits.total_seconds - self.time_used
        allowed = max(self.limits.timeout, self.limits.load_timeout) if request.get("op") == "load" else self.limits.timeout
        child.requests.deadline = child.replies.deadline = started + max(0.0, min(allowed, remaining))
        try:
            write_message(child.requests, request, arrays)
            header, replied = read_message(child.replies, max_bytes=16 << 20)  # two arrays of MAX_ELEMENTS float64
            return checked_reply(header, replied), replied
        except ChannelTimeout:
            self.stop()
            self.timed_out = True
            raise LearnerTimeout(allowed) from None
        except Exception as exc:  # noqa: BLE001  a reply is learner data: however reading or checking it
            # fails (RecursionError, MemoryError, OverflowError, ...), that is this learner's crash,
            # never the grader's error. (The request was written before: only a dead child fails that.)
            reason = self.death_reason(child, exc)
            self.stop()
            raise LearnerCrashed(reason) from None
        finally:
            self.time_used += time.monotonic() - started

    def death_reason(self, child: Child, exc: BaseException) -> str:
        code = zygote().exit_status(child.pid)
        child.reaped = code is not None
        if code is None:
            detail = " ".join(str(exc).split())[:120] or type(exc).__name__
            return f"it broke the channel to the grader ({detail})"
        if code < 0 and child.cgroup and child.cgroup.out_of_memory_kills():
            return (f"the process running it was killed: out of memory (it held more than "
                    f"{self.limits.memory_bytes >> 20} MB)")
        if code < 0:
            name = signal.Signals(-code).name
            meaning = {"SIGKILL": "killed (out of memory or too many processes?)", "SIGXCPU": "used too much CPU time",
                       "SIGSEGV": "crashed (segmentation fault)"}.get(name, f"killed by {name}")
            return f"the process running it was {meaning}"
        if code == 70:
            return "the process running it stopped unexpectedly (did it replace sys.stdout, builtins or the channel?)"
        return f"the process running it exited with status {code} (sys.exit or os._exit?)"

    def output(self) -> str:
        self.output_file.flush()
        self.output_file.seek(0)
        data = self.output_file.read(OUTPUT_SHOWN + 1).decode("utf-8", "replace")
        if len(data) > OUTPUT_SHOWN:
            data = data[:OUTPUT_SHOWN] + "\n... (output cut)"
        return data


# What one reply may carry into results and feedback. The child runs learner code, which can
# replace the child's own reply writer and send anything, so a reply is read like any untrusted
# input: its shape is checked and its texts are capped (the child's caps do not count).
TEXT_CAPS = {"kind": 200, "message": 1000, "traceback": 4000}
MAX_ITEMS = 100_000
MAX_DEPTH = 6


def checked_reply(header: dict, arrays: list) -> dict:
    """The reply as the learner boundary reads it, each field checked; ValueError if malformed."""

    def text(value, cap: int) -> str:
        if not isinstance(value, str):
            raise ValueError("a text field is not a string")
        return valid_unicode(value[:cap])

    def items(value, cap: int) -> list:
        if not isinstance(value, list) or len(value) > MAX_ITEMS:
            raise ValueError("a list field is not a list")
        return value[:cap]

    def report(error) -> dict:
        if not isinstance(error, dict):
            raise ValueError("an error report is not an object")
        checked = {key: text(error.get(key, ""), cap) for key, cap in TEXT_CAPS.items()}
        checked["bases"] = [text(name, 200) for name in items(error.get("bases", []), 16)]
        if "cell" in error:
            if type(error["cell"]) is not int:
                raise ValueError("a cell number is not an integer")
            checked["cell"] = error["cell"]
        return checked

    used: set[int] = set()

    def value(item, depth: int = 0):
        if depth > MAX_DEPTH:
            raise ValueError("a value nested too deeply")
        if isinstance(item, dict):
            if item.keys() == {"array"} and type(item["array"]) is int and 0 <= item["array"] < len(arrays):
                if item["array"] in used:  # the child sends each array once: one 64 MB array named
                    raise ValueError("an array sent twice")  # 100,000 times would be 6 TB of copies
                used.add(item["array"])
                return item
            if item.keys() == {"float"} and isinstance(item["float"], str) and len(item["float"]) <= 40:
                float(item["float"])
                return item
            raise ValueError("an unknown value")
        if isinstance(item, list):
            return [value(element, depth + 1) for element in items(item, MAX_ITEMS)]
        if isinstance(item, str):
            return text(item, 10_000)
        if type(item) is int and item.bit_length() > 63:
            raise ValueError("an integer too large")
        return item  # None, a bool or a float: what JSON gives

    reply = {"ok": header.get("ok") is True,
             "warnings": [text(w, 300) for w in items(header.get("warnings", []), 20)]}
    if not reply["ok"]:
        reply["error"] = report(header.get("error"))
    elif "errors" in header:
        reply["errors"] = [report(error) for error in items(header["errors"], 50)]
    else:
        reply["value"] = value(header.get("value"))
    return reply


class ChannelTimeout(Exception):
    pass


class DeadlineStream:
    """A non-blocking pipe end whose reads and writes give up at `deadline` (time.monotonic)."""

    def __init__(self, fd: int):
        os.set_blocking(fd, False)
        self.fd = fd
        self.deadline = float("inf")

    def wait(self, for_write: bool) -> None:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise ChannelTimeout()
        ready = select.select([], [self.fd], [], remaining) if for_write else select.select([self.fd], [], [], remaining)
        if not any(ready):
            raise ChannelTimeout()

    def read(self, size: int) -> bytes:
        while True:
            self.wait(for_write=False)
            try:
                return os.read(self.fd, min(size, 1 << 20))
            except BlockingIOError:
                continue

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            self.wait(for_write=True)
            try:
                view = view[os.write(self.fd, view):]
            except BlockingIOError:
                continue

    def flush(self) -> None:
        pass

    def close(self) -> None:
        os.close(self.fd)
