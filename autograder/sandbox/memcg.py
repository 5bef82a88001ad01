"""A memory cgroup per sandbox, so that every page the sandbox's processes own counts against one
limit: RLIMIT_AS counts only what a process maps, not the shared memory, memfds and tmpfs files
it holds through file descriptors (300 memfds of 4 MB each held 1.2 GB past a 1 GiB RLIMIT_AS).

The grader (root) makes the cgroup inside its own one before the child starts; the child moves
itself in (lockdown.join_cgroup) before any learner code runs; the grader reads whether the
kernel killed it for memory, then removes the cgroup once the child and its processes are gone.

cgroup v2 (`memory.max`, no swap) is used where the grader's own v2 cgroup can delegate the memory
controller to a child cgroup; otherwise cgroup v1's memory hierarchy (`memory.limit_in_bytes`,
and `memory.memsw.limit_in_bytes` where swap is accounted). Where neither works (not root, no
cgroup file system, a v2 parent that holds processes and so cannot enable controllers for its
children), `MemoryCgroup.create` returns None and the sandbox relies on the fallback documented
in lockdown.py.
"""

from __future__ import annotations

import errno
import functools
import itertools
import os
import time
from dataclasses import dataclass
from pathlib import Path

PREFIX = "nnkit-sandbox-"
_names = itertools.count()


@dataclass(frozen=True)
class Hierarchy:
    version: int
    parent: Path  # the grader's own cgroup: sandbox cgroups are made inside it


def mount_points() -> list[tuple[str, str, str, set[str]]]:
    """(mount point, root inside the hierarchy, file system type, super options) of every mount."""
    found = []
    with open("/proc/self/mountinfo") as mountinfo:
        for line in mountinfo:
            fields = line.split()
            separator = fields.index("-")
            found.append((fields[4], fields[3], fields[separator + 1], set(fields[separator + 3].split(","))))
    return found


def own_cgroups() -> dict[str, str]:
    """Controller ("" for v2) -> this process's cgroup path, from /proc/self/cgroup."""
    paths = {}
    with open("/proc/self/cgroup") as cgroups:
        for line in cgroups:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            for controller in controllers.split(",") if controllers else [""]:
                paths[controller] = path
    return paths


def under(mount: str, root: str, path: str) -> Path:
    relative = path[len(root):] if root != "/" and path.startswith(root) else path
    return Path(mount) / relative.lstrip("/")


def v2_can_delegate(parent: Path) -> bool:
    try:
        if "memory" not in (parent / "cgroup.controllers").read_text().split():
            return False
        if "memory" not in (parent / "cgroup.subtree_control").read_text().split():
            (parent / "cgroup.subtree_control").write_text("+memory")  # EBUSY if it holds processes
        return True
    except OSError:
        return False


@functools.cache
def hierarchy() -> Hierarchy | None:
    """Where this process can make memory cgroups, if anywhere (looked up once per process)."""
    if os.geteuid() != 0:
        return None
    try:
        mounts, cgroups = mount_points(), own_cgroups()
    except (OSError, ValueError):
        return None
    found = None
    if "" in cgroups:
        for mount, root, kind, _ in mounts:
            if kind == "cgroup2" and v2_can_delegate(under(mount, root, cgroups[""])):
                found = Hierarchy(2, under(mount, root, cgroups[""]))
                break
    if found is None and "memory" in cgroups:
        for mount, root, kind, options in mounts:
            if kind == "cgroup" and "memory" in options and os.access(under(mount, root, cgroups["memory"]), os.W_OK):
                found = Hierarchy(1, under(mount, root, cgroups["memory"]))
                break
    if found is not None:
        remove_stale(found.parent)
    return found


def remove_stale(parent: Path) -> None:
    """Remove the empty cgroups a grader that died left behind (their names carry its pid)."""
    for folder in parent.glob(PREFIX + "*"):
        pid = folder.name[len(PREFIX):].split("-")[0]
        if pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
            try:
                folder.rmdir()
            except OSError:
                pass


@dataclass
class MemoryCgroup:
    path: Path
    version: int

    @classmethod
    def create(cls, limit_bytes: int) -> MemoryCgroup | None:
        """A new cgroup holding its processes to `limit_bytes` of memory, or None if unavailable."""
        found = hierarchy()
        if found is None:
            return None
        path = found.parent / f"{PREFIX}{os.getpid()}-{next(_names)}"
        try:
            path.mkdir()
        except OSError:
            return None
        cgroup = cls(path, found.version)
        try:
            if found.version == 2:
                cgroup.write("memory.max", limit_bytes)
                cgroup.write("memory.swap.max", 0, optional=True)
                cgroup.write("memory.oom.group", 1, optional=True)  # an OOM kill takes every process
            else:
                cgroup.write("memory.limit_in_bytes", limit_bytes)
                cgroup.write("memory.memsw.limit_in_bytes", limit_bytes, optional=True)  # no swapping past it
        except OSError:
            cgroup.remove()
            return None
        return cgroup

    def write(self, name: str, value: int, optional: bool = False) -> None:
        try:
            (self.path / name).write_text(str(value))
        except FileNotFoundError:
            if not optional:
                raise

    def out_of_memory_kills(self) -> int:
        """How many of its processes the kernel killed for memory."""
        name = "memory.events" if self.version == 2 else "memory.oom_control"
        try:
            for line in (self.path / name).read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
        except (OSError, ValueError):
            pass
        return 0

    def remove(self, patience: float = 1.0) -> None:
        """Remove the cgroup; its last processes may still be exiting, so EBUSY is retried."""
        deadline = time.monotonic() + patience
        while True:
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError as error:
                if error.errno != errno.EBUSY or time.monotonic() > deadline:
                    return  # still busy: remove_stale takes it once this grader has ended
                time.sleep(0.005)
