"""Locks the current process down before any learner code runs in it.

Standalone (stdlib only): the sandboxed child runs this file's text first, as root when the
grader is root, then drops to an unprivileged uid for good.

What it does, in order:
1. a new session (so a timeout can kill the whole process group);
2. when running as root: new mount and network namespaces (`unshare` through ctypes: Python
   3.11 has no os.unshare). The network namespace has only a loopback that is down, so every
   connection fails with "Network is unreachable". In the mount namespace, private tmpfs
   mounts replace /tmp, /var/tmp, /dev/shm and /run/lock (the world-writable places), and every
   hidden path (the project with its hidden suites and solutions, the course folder with the
   gradebook and the other learners' submissions, root's home) is covered by an empty tmpfs,
   with just the Python installation bound back in;
3. resource limits: CPU seconds, address space, processes, file size, no core files;
4. an unprivileged uid/gid chosen by the grader, unique to this sandbox, so that afterwards
   the grader can find and kill every process it left behind, however it detached.

Without root (or where the kernel refuses namespaces) steps 2 and 4 are skipped and the
sandbox still has its limits, its session and its scratch directory: `isolation()` says which.
"""

import ctypes
import ctypes.util
import os
import resource
import signal

CLONE_NEWNS = 0x00020000
CLONE_NEWNET = 0x40000000
MS_RDONLY = 0x1
MS_NOSUID = 0x2
MS_NODEV = 0x4
MS_REC = 0x4000
MS_BIND = 0x1000
MS_PRIVATE = 1 << 18
PR_SET_NO_NEW_PRIVS = 38

# /run/lock (also reached as /var/lock) is world-writable on Debian: without its own tmpfs a
# learner's files would outlive the sandbox there
# What learner code sees of the machine: the system itself. Every other folder at the top of the
# file system (/home, /root, /work, /srv, /opt, /var, /run, /mnt, ...) is covered by an empty
# tmpfs, so no copy of a solution, a gradebook or another learner's work is readable wherever it
# lies on disk; only the Python installation is bound back in. (A denylist of "the project and
# the course" missed a second checkout of the project and a demo course elsewhere.)
VISIBLE_TOP = ("bin", "sbin", "lib", "lib32", "lib64", "libx32", "usr", "etc", "dev", "proc", "sys")
# private and writable (each a fresh tmpfs): the only places a learner may write, gone afterwards
WORLD_WRITABLE = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")
SCRATCH = "/tmp/scratch"

_libc = None


def libc():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return _libc


def check(result, what):
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def mount(source, target, fstype, flags, data=None):
    check(
        libc().mount(
            source.encode() if source else None,
            target.encode(),
            fstype.encode() if fstype else None,
            ctypes.c_ulong(flags),
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def inside(path, folder):
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def hide(path, keep):
    """Cover `path` with an empty read-only tmpfs, binding back the folders in `keep` under it."""
    kept = []
    for folder in keep:
        if inside(folder, path) and folder != path and os.path.isdir(folder):
            kept.append((folder, os.open(folder, os.O_PATH | os.O_DIRECTORY)))
    mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m")
    for folder, fd in kept:
        os.makedirs(folder, exist_ok=True)
        mount(f"/proc/self/fd/{fd}", folder, None, MS_BIND | MS_REC)
        os.close(fd)
    mount("tmpfs", path, None, 0x20 | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)  # 0x20 = MS_REMOUNT


def outermost(folders):
    """The folders that are not inside another one of them."""
    ordered = sorted({os.path.realpath(f) for f in folders}, key=len)
    chosen = []
    for folder in ordered:
        if not any(inside(folder, parent) for parent in chosen):
            chosen.append(folder)
    return chosen


def isolate_filesystem(hidden, keep, uid):
    check(libc().unshare(CLONE_NEWNS | CLONE_NEWNET), "unshare")
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    # open what must stay visible before anything covers it
    kept = [(folder, os.open(folder, os.O_PATH | os.O_DIRECTORY)) for folder in outermost(keep) if os.path.isdir(folder)]
    covered = []
    for entry in sorted(os.listdir("/")):
        path = "/" + entry
        if entry in VISIBLE_TOP or os.path.islink(path) or not os.path.isdir(path):
            continue
        mode = "1777" if path in WORLD_WRITABLE else "0755"
        mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, f"mode={mode},size=64m")
        covered.append(path)
    for folder in WORLD_WRITABLE:
        if folder not in covered:
            os.makedirs(folder, exist_ok=True)
            mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=64m")
    for folder, fd in kept:
        if any(inside(folder, top) for top in covered + list(WORLD_WRITABLE)):
            os.makedirs(folder, exist_ok=True)
            mount(f"/proc/self/fd/{fd}", folder, None, MS_BIND | MS_REC)
        os.close(fd)
    # what the grader names on top (a course kept inside a system folder, say) is hidden as before
    for path in outermost(hidden):
        if os.path.isdir(path) and not any(inside(path, top) for top in covered + list(WORLD_WRITABLE)):
            hide(path, keep)
    for path in covered:
        if path not in WORLD_WRITABLE:
            mount("tmpfs", path, None, 0x20 | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)  # 0x20 = MS_REMOUNT
    os.makedirs(SCRATCH, mode=0o700, exist_ok=True)
    os.chown(SCRATCH, uid, uid)


def limit(cpu_seconds, memory_bytes, max_processes, max_file_bytes):
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_NPROC, (max_processes, max_processes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # a write past the file-size limit fails with an OSError instead of killing the child
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def lock_down(config):
    """Apply the sandbox described by `config` (a dict from the grader) to this process.

    Returns the isolation that was achieved, for the grader to report.
    """
    os.setsid()
    privileged = os.geteuid() == 0 and config.get("namespaces", True)
    isolation = "rlimits"
    if privileged:
        isolate_filesystem(config["hidden"], config["keep"], config["uid"])
        os.chdir(SCRATCH)
        isolation = "namespaces+uid"
    else:
        os.chdir(config["scratch"])
    limit(config["cpu_seconds"], config["memory_bytes"], config["max_processes"], config["max_file_bytes"])
    # exec of a setuid program (su, polkit's helper) must not hand learner code root's euid back:
    # such a process also looks like root's in /proc, so the uid sweep would miss it
    check(libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")
    if privileged:
        os.setgroups([])
        os.setgid(config["uid"])
        os.setuid(config["uid"])
    os.environ["HOME"] = os.getcwd()
    return isolation
