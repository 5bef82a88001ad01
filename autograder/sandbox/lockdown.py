"""Locks the current process down before any learner code runs in it.

Standalone (stdlib only): the sandboxed child runs this file's text first, as root when the
grader is root, then drops to an unprivileged uid for good.

What it does, in order:
1. a new session (so a timeout can kill the whole process group), and the memory cgroup the
   grader made for this sandbox (memcg.py), so that every page its processes own counts
   against one limit: shared memory, memfds and tmpfs files included;
2. when running as root, namespaces (`unshare` through ctypes: Python 3.11 has no os.unshare):
   - mount and network. The network namespace has only a loopback that is down, so every
     connection fails with "Network is unreachable". In the mount namespace, private tmpfs
     mounts replace /tmp, /var/tmp, /dev/shm and /run/lock (the world-writable places), and
     every other folder at the top of the file system but the system's own is covered by an
     empty tmpfs. Only the standard library, the interpreter and numpy's own folders are bound
     back; every site-packages folder stays covered, wherever it lies (venv, regular or editable
     install, the system's Python), so an installed copy of this project is out of reach;
   - IPC (SysV shared memory, queues and semaphores of its own, gone with the sandbox), UTS
     (host name "sandbox") and PID: the zygote forks the child into a PID namespace of its own,
     whose first process it is, and it mounts that namespace's /proc, so the grader's processes
     are out of sight; when it ends, the kernel kills whatever it left in the namespace;
3. resource limits: CPU seconds, address space, processes, file size, open files, no core files;
4. an unprivileged uid/gid, unique to this sandbox (a base the grader checked no account uses,
   plus this process's pid as the grader sees it), so that afterwards the grader can find and
   kill every process it left behind, however it detached, and no two sandboxes of a run share
   a uid;
5. a fresh anonymous session keyring in place of the grader's, then a seccomp filter that
   refuses the key system calls (add_key, request_key, keyctl): the kernel keeps a user keyring
   and a persistent keyring per uid after its processes end, so keys are the one uid-keyed
   leftover the other steps do not clear. Without an IPC namespace the filter also refuses to
   create SysV objects and POSIX message queues, which would outlive the sandbox.

Each step of 1, 2 (but mount and network) and 5 is skipped where the kernel refuses it, and the
grader reports what took (`SandboxLearner.isolation()`). Without root the namespaces and the uid
change are skipped: the sandbox still has its limits, its session, its keyring, its seccomp
filter and its scratch directory.

Memory without a cgroup (no cgroup file system, a v2 parent that cannot delegate the memory
controller, or no root): RLIMIT_AS bounds what each process maps, but not the pages it holds
through file descriptors. The fallback bounds those piece by piece: each memfd or tmpfs file by
the file-size limit (4 MB), their number by the open-file limit (MAX_OPEN_FILES per process),
the private /tmp, /var/tmp, /dev/shm and /run/lock by their tmpfs size (64 MB each), SysV
segments and queues by the IPC namespace's limits (IPC_LIMITS; without the namespace the seccomp
filter refuses to create them). A sandbox can then hold up to max_processes x (RLIMIT_AS +
MAX_OPEN_FILES x file size) plus about 0.3 GB: bounded, but above the memory limit (helper
processes holding 4 MB memfds reached 1.4 GB against 1 GiB: tests/cheats/memfd_past_memory_limit.py).
"""

import ctypes
import ctypes.util
import errno
import os
import resource
import signal

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY = 0x1
MS_NOSUID = 0x2
MS_NODEV = 0x4
MS_NOEXEC = 0x8
MS_REMOUNT = 0x20
MS_REC = 0x4000
MS_BIND = 0x1000
MS_PRIVATE = 1 << 18
PR_SET_NO_NEW_PRIVS = 38

# /run/lock (also reached as /var/lock) is world-writable on Debian: without its own tmpfs a
# learner's files would outlive the sandbox there
# What learner code sees of the machine: the system itself. Every other folder at the top of the
# file system (/home, /root, /work, /srv, /opt, /var, /run, /mnt, ...) is covered by an empty
# tmpfs, so no copy of a solution, a gradebook or another learner's work is readable wherever it
# lies on disk; only the standard library, the interpreter and numpy are bound back in. (A
# denylist of "the project and the course" missed a second checkout of the project and a demo
# course elsewhere.)
VISIBLE_TOP = ("bin", "sbin", "lib", "lib32", "lib64", "libx32", "usr", "etc", "dev", "proc", "sys")
# private and writable (each a fresh tmpfs): the only places a learner may write, gone afterwards
WORLD_WRITABLE = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")
SCRATCH = "/tmp/scratch"
HOSTNAME = "sandbox"
MAX_OPEN_FILES = 64  # a layer opens none; it also bounds the memfds one process can hold
# SysV IPC in the sandbox's own namespace (defaults: 16 EB of shared memory, 32000 queues): 64 MB
# of shared memory in at most 32 segments, 32 queues of 16 KB. Without a memory cgroup these
# are what bounds memory held in SysV objects.
IPC_LIMITS = {"shmmax": 64 << 20, "shmall": (64 << 20) // os.sysconf("SC_PAGE_SIZE"), "shmmni": 32,
              "msgmni": 32, "msgmnb": 16 << 10}

_libc = None


def libc():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return _libc


def check(result, what):
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")


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


def bind_back(source_fd, path):
    """Bind what `source_fd` (an O_PATH descriptor opened before the covering) names onto `path`,
    a folder or a single file, creating the mount point on the tmpfs that covers it."""
    if os.path.isdir(f"/proc/self/fd/{source_fd}"):
        os.makedirs(path, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o644))
    mount(f"/proc/self/fd/{source_fd}", path, None, MS_BIND | MS_REC)


def hide(path, keep):
    """Cover `path` with an empty read-only tmpfs, binding back what `keep` names under it.
    Returns what was bound back."""
    kept = []
    for folder in outermost(keep):
        if inside(folder, path) and folder != path and os.path.exists(folder):
            kept.append((folder, os.open(folder, os.O_PATH)))
    mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m")
    for folder, fd in kept:
        bind_back(fd, folder)
        os.close(fd)
    mount("tmpfs", path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
    return [folder for folder, _ in kept]


def visible(path, covers, bound):
    """Whether `path` can still be read: the innermost of the covering tmpfs mounts and the
    folders bound back on top of them that contains it decides."""
    containing = [mount_point for mount_point in covers + bound if inside(path, mount_point)]
    return not containing or max(containing, key=len) in bound


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
    kept = [(path, os.open(path, os.O_PATH)) for path in outermost(keep) if os.path.exists(path)]
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
            covered.append(folder)
    bound = []
    for path, fd in kept:
        if any(inside(path, top) for top in covered):
            bind_back(fd, path)
            bound.append(path)
        os.close(fd)
    # What is still visible of the hidden paths is covered now: a course kept in a system folder,
    # a site-packages folder under /usr (a regular install of this project into the system's
    # Python), or one inside the standard library's folder that was just bound back (pyenv and
    # python.org builds keep site-packages in lib/python3.X, under a home that is hidden too).
    covers = list(covered)
    for path in sorted({os.path.realpath(p) for p in hidden}, key=len):
        if path == "/" or path.strip("/") in VISIBLE_TOP:
            continue  # the system itself: covering it would leave the child nothing to run
        if os.path.isdir(path) and visible(path, covers, bound):
            bound += hide(path, keep)
            covers.append(path)
    for path in covered:
        if path not in WORLD_WRITABLE:
            mount("tmpfs", path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
    os.makedirs(SCRATCH, mode=0o700, exist_ok=True)
    os.chown(SCRATCH, uid, uid)


def limit(cpu_seconds, memory_bytes, max_processes, max_file_bytes):
    # The first process of a PID namespace ignores SIGXCPU (the kernel protects a namespace's init
    # from every signal it has no handler for, but SIGKILL), so there the CPU limit is a hard one:
    # SIGKILL at the limit, which the zygote reports as SIGXCPU.
    hard_cpu = cpu_seconds if os.getpid() == 1 else cpu_seconds + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, hard_cpu))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_NPROC, (max_processes, max_processes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))
    resource.setrlimit(resource.RLIMIT_NOFILE, (MAX_OPEN_FILES, MAX_OPEN_FILES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # a write past the file-size limit fails with an OSError instead of killing the child
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


# ---------------------------------------------------------------- namespaces beyond the file system
def outer_pid():
    """This process's pid as the grader sees it. In a PID namespace of its own os.getpid() is 1,
    but /proc is still the grader's (until isolate_processes mounts another), and its `self` is
    named in the grader's numbering."""
    try:
        return int(os.readlink("/proc/self"))
    except (OSError, ValueError):
        return os.getpid()


def isolate_ipc():
    """A SysV IPC namespace of its own: nothing the sandbox creates outlives it or is seen by the
    next one. Its limits are lowered while this process is still root."""
    check(libc().unshare(CLONE_NEWIPC), "unshare(CLONE_NEWIPC)")
    for name, value in IPC_LIMITS.items():
        with open(f"/proc/sys/kernel/{name}", "w") as setting:
            setting.write(str(value))


def isolate_hostname():
    check(libc().unshare(CLONE_NEWUTS), "unshare(CLONE_NEWUTS)")
    check(libc().sethostname(HOSTNAME.encode(), len(HOSTNAME)), "sethostname")


def isolate_processes():
    """In the PID namespace the zygote forked this child into (it is pid 1 there): a /proc of that
    namespace, so that the grader's processes, their command lines and the other sandboxes are
    out of sight. When this process ends, the kernel kills every process left in the namespace."""
    if os.getpid() != 1:
        raise OSError("not the first process of a PID namespace of its own")
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)


def join_cgroup(folder):
    """Move this process (and so every process it starts) into the memory cgroup the grader made.

    cgroup v1's `tasks` moves one thread, which is the whole process while it has only one (it
    has: OpenBLAS is held to one thread), and unlike `cgroup.procs` it skips the global lock
    whose RCU grace period cost about 10 ms per sandbox."""
    tasks = os.path.join(folder, "tasks")
    one_thread = len(os.listdir("/proc/self/task")) == 1
    with open(tasks if one_thread and os.path.exists(tasks) else os.path.join(folder, "cgroup.procs"), "w") as cgroup:
        cgroup.write("0")


# ---------------------------------------------------------------- system calls learner code does without
KEYCTL_JOIN_SESSION_KEYRING = 1
# Keys are kept by the kernel per uid after the uid's processes end (a user keyring, a user
# session keyring, a persistent keyring), and a key marked readable by anyone can be read by
# every other uid: learner code gets no key calls at all.
KEY_CALLS = ("add_key", "request_key", "keyctl")
# Without an IPC namespace of its own, SysV objects and POSIX message queues would outlive the
# sandbox in the grader's namespace: then learner code may not create any.
IPC_CALLS = ("shmget", "semget", "msgget", "mq_open")
# per architecture: the seccomp audit value and the numbers of those system calls
SYSCALLS = {
    "x86_64": (0xC000003E, {"add_key": 248, "request_key": 249, "keyctl": 250,
                            "shmget": 29, "semget": 64, "msgget": 68, "mq_open": 240}),
    "aarch64": (0xC00000B7, {"add_key": 217, "request_key": 218, "keyctl": 219,
                             "shmget": 194, "semget": 190, "msgget": 186, "mq_open": 180}),
}
X32_SYSCALL_BIT = 0x40000000
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000


def system_calls():
    """(seccomp audit value of this architecture, name -> system call number)."""
    try:
        return SYSCALLS[os.uname().machine]
    except KeyError:
        raise OSError(f"no system call numbers known for {os.uname().machine}") from None


def join_fresh_session_keyring():
    """An anonymous session keyring of this uid's own, in place of the grader's."""
    keyctl = system_calls()[1]["keyctl"]
    libc().syscall.restype = ctypes.c_long
    if libc().syscall(ctypes.c_long(keyctl), ctypes.c_long(KEYCTL_JOIN_SESSION_KEYRING), None) < 0:
        check(-1, "keyctl(KEYCTL_JOIN_SESSION_KEYRING)")


def forbid(names):
    """A seccomp filter (inherited by every child, never lifted) that fails the system calls
    `names` with ENOSYS, and every system call of another ABI (32-bit `int 0x80` code, x32),
    which would get round it."""
    arch, numbers = system_calls()
    checks = [(0x35, X32_SYSCALL_BIT)] if arch == SYSCALLS["x86_64"][0] else []  # JGE: x32 ABI
    checks += [(0x15, numbers[name]) for name in names]  # JEQ
    deny = SECCOMP_RET_ERRNO | errno.ENOSYS
    program = [(0x20, 0, 0, 4), (0x15, 1, 0, arch), (0x06, 0, 0, deny), (0x20, 0, 0, 0)]  # load arch, nr
    program += [(code, len(checks) - index, 0, value) for index, (code, value) in enumerate(checks)]
    program += [(0x06, 0, 0, SECCOMP_RET_ALLOW), (0x06, 0, 0, deny)]

    class Instruction(ctypes.Structure):
        _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(Instruction))]

    instructions = (Instruction * len(program))(*[Instruction(*i) for i in program])
    filter_program = Program(len(program), instructions)
    check(libc().prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(filter_program), 0, 0), "seccomp")


# ---------------------------------------------------------------- all of it
def attempt(step, *args):
    """Run an isolation step the kernel may refuse; True if it took."""
    try:
        step(*args)
        return True
    except OSError:
        return False


def lock_down(config):
    """Apply the sandbox described by `config` (a dict from the grader) to this process.

    Returns what was achieved, for the grader to report: this process's pid as the grader sees
    it, the uid it now runs as (None: unchanged) and the isolation steps that took.
    """
    pid = outer_pid()
    os.setsid()
    achieved = ["session"]
    if config.get("cgroup") and attempt(join_cgroup, config["cgroup"]):
        achieved.append("memory-cgroup")
    privileged = os.geteuid() == 0 and config.get("namespaces", True)
    uid = config["uid_base"] + pid if privileged else None
    if privileged:
        isolate_filesystem(config["hidden"], config["keep"], uid)
        achieved += ["mount", "network"]
        achieved += [name for name, step in (("ipc", isolate_ipc), ("uts", isolate_hostname),
                                             ("pid", isolate_processes)) if attempt(step)]
        os.chdir(SCRATCH)
    else:
        os.chdir(config["scratch"])
    limit(config["cpu_seconds"], config["memory_bytes"], config["max_processes"], config["max_file_bytes"])
    achieved.append("rlimits")
    # exec of a setuid program (su, polkit's helper) must not hand learner code root's euid back:
    # such a process also looks like root's in /proc, so the uid sweep would miss it
    check(libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")
    if privileged:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
        achieved.append("uid")
    # after the uid change: the new keyring is the sandbox uid's, charged to its key quota
    if attempt(join_fresh_session_keyring):
        achieved.append("session-keyring")
    own_ipc = "ipc" in achieved
    if attempt(forbid, KEY_CALLS if own_ipc else KEY_CALLS + IPC_CALLS):
        achieved += ["no-key-calls"] if own_ipc else ["no-key-calls", "no-ipc-calls"]
    os.environ["HOME"] = os.getcwd()
    return {"pid": pid, "uid": uid, "isolation": achieved}
