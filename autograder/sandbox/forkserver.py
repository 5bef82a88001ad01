"""The fork server's trusted half: starts zygote.py and asks it for sandboxed children.

Numpy-free on purpose: `nnkit grade` starts the zygote before it imports anything heavy, so
the zygote's own start-up (a fresh interpreter importing numpy) overlaps with the grader's.
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
import threading
import time
from pathlib import Path

HERE = Path(__file__).parent
# what the zygote and its children see of the environment: nothing of the grader's but this
CHILD_ENVIRONMENT = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MPLBACKEND": "Agg",
    "PYTHONDONTWRITEBYTECODE": "1",
}


def zygote_program() -> str:
    """lockdown.py + child.py + zygote.py, run as one standalone program."""
    parts = [(HERE / name).read_text() for name in ("lockdown.py", "child.py", "zygote.py")]
    parts[1] = parts[1].replace('if __name__ == "__main__":', "if False:")
    return "\n".join(parts) + "\nzygote_main(int(sys.argv[1]))\n"


class Zygote:
    """The fork server (zygote.py), started once per grader process and shared by its sandboxes."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = dict(CHILD_ENVIRONMENT)
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
        self.isolations: dict[int, dict] = {}  # pid -> what the child reported once locked down
        self.requested = 0
        self.spawned: list[int] = []
        self.lock = threading.Lock()

    def alive(self) -> bool:
        return self.process.poll() is None

    def spawn(self, config: dict, fds: tuple[int, int, int]) -> int:
        """Ask for a child; returns a ticket for `pid()`. Does not wait: the zygote may still be
        starting, and the caller can queue its first request on the pipe meanwhile."""
        with self.lock:
            self.control.sendmsg([json.dumps({"config": config}).encode()],
                                 [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))])
            self.requested += 1
            return self.requested - 1

    def pid(self, ticket: int) -> int:
        with self.lock:
            while len(self.spawned) <= ticket:
                if self.receive(timeout=30) is None:
                    raise OSError("the sandbox's fork server did not answer")
            return self.spawned[ticket]

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
        if "spawned" in message:
            self.spawned.append(int(message["spawned"]))
        if "isolated" in message:
            self.isolations[int(message["isolated"])] = {"uid": message.get("uid"),
                                                         "isolation": list(message.get("isolation", []))}
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

    def isolation(self, pid: int, timeout: float, keep: bool = False) -> dict | None:
        """What child `pid` reported once locked down, waiting up to `timeout` for it; None if it
        has not (it may have died first). Forgotten once read, unless `keep`."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while pid not in self.isolations and time.monotonic() < deadline:
                try:
                    self.receive(timeout=max(0.0, deadline - time.monotonic()))
                except OSError:
                    break
            return self.isolations.get(pid) if keep else self.isolations.pop(pid, None)

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
