"""The trusted side of the sandbox: starts, talks to, times out and cleans up the child.

The child is a fresh interpreter (`python -I -c <lockdown.py + child.py>`) that locks itself
down before it reads the learner's code. Requests go down one pipe, replies come up another;
the child's stdout and stderr go to a capped file that is shown to the learner and never parsed.
"""

from __future__ import annotations

import array
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from autograder.learner import LearnerCrashed, LearnerTimeout, RequestingLearner
from autograder.sandbox.child import read_message, write_message

HERE = Path(__file__).parent
PROJECT_ROOT = HERE.parent.parent
UID_BASE = 1_500_000_000  # far above any real account; + the grader's pid makes it unique per grader
OUTPUT_SHOWN = 8_000  # characters of the learner's output kept for feedback


@dataclass
class Limits:
    timeout: float = 10.0  # wall-clock seconds for one call into learner code
    cpu_seconds: int = 30
    memory_bytes: int = 1 << 30
    max_processes: int = 32
    max_file_bytes: int = 4 << 20
    max_restarts: int = 2  # after a crash or timeout the child is restarted this often, then we give up
    hidden: tuple[str, ...] = ()  # more folders to hide (course folders)


def hidden_paths(extra: tuple[str, ...]) -> list[str]:
    """Everything learner code must not read: this project (hidden suites, solutions, source),
    root's home, and the folders the caller names (the course with its gradebook)."""
    import autograder

    paths = {str(PROJECT_ROOT), str(Path(autograder.__file__).resolve().parent), os.path.expanduser("~"), *extra}
    return sorted(os.path.realpath(p) for p in paths)


def kept_paths() -> list[str]:
    """What the child needs from inside hidden folders: the Python installation and its packages."""
    import sysconfig

    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sysconfig.get_paths()["purelib"],
             os.path.dirname(os.path.realpath(sys.executable))}
    return sorted({os.path.realpath(p) for p in paths})


def zygote_program() -> str:
    """lockdown.py + child.py + zygote.py, run as one standalone program."""
    parts = [(HERE / name).read_text() for name in ("lockdown.py", "child.py", "zygote.py")]
    parts[1] = parts[1].replace('if __name__ == "__main__":', "if False:")
    return "\n".join(parts) + "\nzygote_main(int(sys.argv[1]))\n"


class Zygote:
    """The fork server (zygote.py), started once per grader process and shared by its sandboxes."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "OPENBLAS_NUM_THREADS": "1",
               "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"}
        if "OPENBLAS_CORETYPE" in os.environ:
            env["OPENBLAS_CORETYPE"] = os.environ["OPENBLAS_CORETYPE"]
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-c", zygote_program(), str(theirs.fileno())],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(theirs.fileno(),), env=env, cwd="/",
        )
        theirs.close()
        self.control = ours
        self.exited: dict[int, int] = {}
        self.lock = threading.Lock()

    def alive(self) -> bool:
        return self.process.poll() is None

    def spawn(self, config: dict, fds: tuple[int, int, int]) -> int:
        with self.lock:
            self.control.sendmsg([json.dumps({"config": config}).encode()],
                                 [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))])
            while True:
                message = self.receive(timeout=30)
                if message is None:
                    raise OSError("the sandbox's fork server did not answer")
                if "spawned" in message:
                    return int(message["spawned"])

    def receive(self, timeout: float) -> dict | None:
        ready, _, _ = select.select([self.control], [], [], timeout)
        if not ready:
            return None
        data = self.control.recv(1 << 16)
        if not data:
            raise OSError("the sandbox's fork server has stopped")
        message = json.loads(data)
        if "exited" in message:
            self.exited[int(message["exited"])] = int(message["status"])
        return message

    def exit_status(self, pid: int, timeout: float = 1.0) -> int | None:
        """The child's exit status (negative: killed by that signal), once the zygote has reaped it."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while pid not in self.exited and time.monotonic() < deadline:
                try:
                    self.receive(timeout=max(0.0, deadline - time.monotonic()))
                except OSError:
                    break
            return self.exited.pop(pid, None)

    def close(self) -> None:
        self.control.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


_zygote: Zygote | None = None


def zygote() -> Zygote:
    global _zygote
    if _zygote is None or not _zygote.alive():
        _zygote = Zygote()
    return _zygote


@dataclass
class Child:
    pid: int
    requests: object
    replies: object
    uid: int | None


class SandboxLearner(RequestingLearner):
    """A `Learner` whose code runs in a locked-down child process (see lockdown.py)."""

    def __init__(self, cells: list[str], limits: Limits | None = None, **overrides):
        super().__init__()
        self.cells = list(cells)
        self.limits = limits or Limits(**overrides)
        self.child: Child | None = None
        self.restarts = -1
        self.gave_up: str = ""
        self.scratch = tempfile.mkdtemp(prefix="nnkit-sandbox-")
        self.output_file = tempfile.TemporaryFile(dir=self.scratch)
        os.chmod(self.scratch, 0o711)

    # -- life cycle -----------------------------------------------------------
    def start(self) -> None:
        self.restarts += 1
        requests_read, requests_write = os.pipe()
        replies_read, replies_write = os.pipe()
        privileged = os.geteuid() == 0
        uid = UID_BASE + os.getpid() if privileged else None
        config = {
            "uid": uid,
            "hidden": hidden_paths(self.limits.hidden),
            "keep": kept_paths(),
            "scratch": self.scratch,
            "cpu_seconds": int(self.limits.cpu_seconds),
            "memory_bytes": int(self.limits.memory_bytes),
            "max_processes": int(self.limits.max_processes),
            "max_file_bytes": int(self.limits.max_file_bytes),
        }
        try:
            pid = zygote().spawn(config, (requests_read, replies_write, self.output_file.fileno()))
        finally:
            os.close(requests_read)
            os.close(replies_write)
        self.child = Child(pid, DeadlineStream(requests_write), DeadlineStream(replies_read), uid)
        self.load_errors = self.request({"op": "load", "cells": self.cells})

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
        zygote().exit_status(child.pid)  # reaped: the sweep below then only has strays to find
        if child.uid is not None:
            sweep(child.uid)

    def close(self) -> None:
        self.stop()
        try:
            self.output_file.close()
        finally:
            import shutil

            shutil.rmtree(self.scratch, ignore_errors=True)

    # -- requests -------------------------------------------------------------
    def exchange(self, request: dict, arrays: list[np.ndarray]):
        if self.gave_up:
            raise LearnerCrashed(self.gave_up)
        if self.child is None and request.get("op") != "load":
            if self.restarts >= self.limits.max_restarts:
                self.gave_up = f"it crashed or timed out {self.restarts + 1} times, so the remaining checks were skipped"
                raise LearnerCrashed(self.gave_up)
            self.start()
        child = self.child
        deadline = time.monotonic() + self.limits.timeout
        child.requests.deadline = child.replies.deadline = deadline
        try:
            write_message(child.requests, request, arrays)
            return read_message(child.replies, max_bytes=64 << 20)
        except ChannelTimeout:
            self.stop()
            raise LearnerTimeout(self.limits.timeout) from None
        except (EOFError, ValueError, KeyError, TypeError, OSError) as exc:
            reason = self.death_reason(child, exc)
            self.stop()
            raise LearnerCrashed(reason) from None

    def death_reason(self, child: Child, exc: BaseException) -> str:
        code = zygote().exit_status(child.pid)
        if code is None:
            return f"it broke the channel to the grader ({type(exc).__name__})"
        if code < 0:
            name = signal.Signals(-code).name
            meaning = {"SIGKILL": "killed (out of memory or too many processes?)", "SIGXCPU": "used too much CPU time",
                       "SIGSEGV": "crashed (segmentation fault)"}.get(name, f"killed by {name}")
            return f"the process running it was {meaning}"
        if code == 70:
            return "the sandbox could not start it"
        return f"the process running it exited with status {code} (sys.exit or os._exit?)"

    def output(self) -> str:
        self.output_file.flush()
        self.output_file.seek(0)
        data = self.output_file.read(OUTPUT_SHOWN + 1).decode("utf-8", "replace")
        if len(data) > OUTPUT_SHOWN:
            data = data[:OUTPUT_SHOWN] + "\n... (output cut)"
        return data


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


def processes_of(uid: int) -> list[int]:
    """Live (non-zombie) processes owned by `uid` (/proc/<pid> belongs to the process's uid)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.stat(f"/proc/{entry}").st_uid != uid:
                continue
            with open(f"/proc/{entry}/stat") as stat:
                state = stat.read().rpartition(")")[2].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            found.append(int(entry))
    return found


def sweep(uid: int, rounds: int = 50) -> None:
    """Kill every process of the sandbox uid, including daemons that left the process group."""
    for _ in range(rounds):
        if not processes_of(uid):
            return
        pid = os.fork()
        if pid == 0:  # become the sandbox uid, then signal everything it owns
            try:
                os.setuid(uid)
                os.kill(-1, signal.SIGKILL)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        time.sleep(0.005)
