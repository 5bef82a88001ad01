"""The fork server: starts each sandboxed child by forking a warm interpreter.

Standalone text, run after lockdown.py and child.py in one fresh interpreter
(`python -I -c ...`). It imports numpy once and never runs learner code itself; each request
forks a child that locks itself down (lockdown.lock_down) and then serves the learner's
requests (child.serve). A fork costs about 17 ms where a fresh `python -c "import numpy"`
costs about 110 ms, and the forked child inherits nothing secret: this process has read
only numpy and these three files.

When it runs as root, each child is forked into a PID namespace of its own (see
`fork_sandbox`), whose first process it is. A namespace's first process ignores SIGXCPU, so its
CPU limit is a hard one (SIGKILL); the zygote reports such a death as SIGXCPU when the child
(with the children it reaped) used most of its CPU allowance, as an ordinary process would have
died.

Control messages (JSON over a SOCK_SEQPACKET socket):
  grader -> zygote: {"config": {...}} with three fds attached (requests, replies, output)
  zygote -> grader: {"spawned": pid} | {"exited": pid, "status": exit status or -signal}
  child  -> grader: {"isolated": pid, "uid": uid, "isolation": [...]}, once locked down and
                    before any learner code (the child closes its copy of the socket then)
"""

import array
import ctypes
import json
import os
import select
import signal
import socket
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent():
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def fork_sandbox(own_pid_namespace, wanted):
    """os.fork(), the child first in a PID namespace of its own when `wanted` and the kernel allows
    it. Returns (pid, whether the child has its own PID namespace).

    unshare(CLONE_NEWPID) moves only the children forked after it; setns to this process's own
    namespace then puts the next children back where they were."""
    if not wanted or own_pid_namespace is None or libc().unshare(CLONE_NEWPID) != 0:  # noqa: F821
        return os.fork(), False
    pid = None
    try:
        pid = os.fork()
    finally:
        if pid != 0:  # here, not in the child (and also when the fork failed)
            check(libc().setns(own_pid_namespace, CLONE_NEWPID), "setns")  # noqa: F821
    return pid, True


def start_child(config, fds, control, inherited):
    """In the forked child: wire the fds, lock down, report, serve. Never returns."""
    code = 0
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for fd in inherited:  # the zygote's own pipes are none of the learner's business
            os.close(fd)
        requests_fd, replies_fd, output_fd = fds
        os.dup2(output_fd, 1)
        os.dup2(output_fd, 2)
        os.close(output_fd)
        # unbuffered: what the learner printed before a timeout kill still reaches the feedback
        sys.stdout.reconfigure(write_through=True)
        sys.stderr.reconfigure(write_through=True)
        import numpy

        numpy.random.seed()  # each child its own global random state, not the zygote's
        report = lock_down(config)  # noqa: F821 (defined by lockdown.py, sent first)
        die_with_parent()  # after the uid change, which clears it
        try:
            control.send(json.dumps({"isolated": report["pid"], "uid": report["uid"],
                                     "isolation": report["isolation"]}).encode())
        except OSError:
            pass  # the grader is gone: the parent's death signal follows
        control.close()
        serve(requests_fd, replies_fd)  # noqa: F821 (defined by child.py)
    except BaseException:
        code = 70
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def send(control, message):
    try:
        control.send(json.dumps(message).encode())
    except OSError:
        os._exit(0)  # the grader is gone


def reap(control, cpu_limits):
    """Report every child that ended. `cpu_limits`: pid -> CPU seconds of the children that are
    the first process of their PID namespace (their CPU limit ends in SIGKILL, not SIGXCPU)."""
    while True:
        try:
            pid, status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        code = os.waitstatus_to_exitcode(status)
        cpu_limit = cpu_limits.pop(pid, None)
        # The kernel's CPU-limit check counts whole clock ticks, rusage the precise run time: on a
        # loaded machine the child dies with rusage at 85-97% of its limit (measured here). Half
        # the limit tells the CPU limit's SIGKILL from the grader's own (a timeout kills long
        # before), and the grader checks the memory cgroup for an OOM kill first.
        if code == -signal.SIGKILL and cpu_limit is not None and usage.ru_utime + usage.ru_stime >= 0.5 * cpu_limit:
            code = -signal.SIGXCPU
        send(control, {"exited": pid, "status": code})


def zygote_main(control_fd):
    die_with_parent()
    control = socket.socket(fileno=control_fd)
    # SIGCHLD wakes the select below through this pipe, so exits are reported at once
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda signum, frame: None)
    own_pid_namespace = os.open("/proc/self/ns/pid", os.O_RDONLY) if os.geteuid() == 0 else None
    cpu_limits = {}
    while True:
        ready, _, _ = select.select([control, wake_read], [], [], 1.0)
        if wake_read in ready:
            try:
                os.read(wake_read, 4096)
            except BlockingIOError:
                pass
        reap(control, cpu_limits)
        if control not in ready:
            continue
        fds = array.array("i")
        try:
            message, ancillary, _, _ = control.recvmsg(1 << 20, socket.CMSG_SPACE(3 * fds.itemsize))
        except OSError:
            return
        if not message:
            return  # the grader closed the socket
        for level, kind, data in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.frombytes(data[: len(data) - (len(data) % fds.itemsize)])
        config = json.loads(message)["config"]
        sys.stdout.flush()
        pid, own_namespace = fork_sandbox(own_pid_namespace, config.get("namespaces", True))
        if pid == 0:
            inherited = [fd for fd in (wake_read, wake_write, own_pid_namespace) if fd is not None]
            start_child(config, list(fds), control, inherited)
        if own_namespace:
            cpu_limits[pid] = config["cpu_seconds"]
        for fd in fds:
            os.close(fd)
        send(control, {"spawned": pid})
