"""Grading workers on this machine: processes, each running one pytest session over many jobs.

The main process hands each worker at most `PREFETCH` jobs at a time over a pipe, so a worker
never waits for work and memory stays bounded whatever the number of submissions. A worker that
dies (a grader crash, the OOM killer) costs only the submission it was grading, which is
reported and retried by the next run; a replacement worker takes over the rest.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path

from nnkit.autograde.jobs import GRADER_ERROR, Job, Outcome, zero

PREFETCH = 2  # one job being graded, one waiting: the worker never idles on the pipe
PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """A worker must not outlive `nnkit autograde`, even when that is killed with SIGKILL (Linux)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def worker_main(assignment: str, connection: Connection, limits: dict, suite: Path | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    die_with_parent()
    from nnkit.autograde.batch import iterate, run_batch

    def next_job() -> Job | None:
        try:
            return connection.recv()
        except EOFError:
            return None

    try:
        run_batch(assignment, iterate(next_job), lambda outcome: connection.send(("outcome", outcome)), suite=suite,
                  **limits)
    except BaseException:
        connection.send(("broken", traceback.format_exc(limit=-3)))


class WorkerDied(RuntimeError):
    pass


class Worker:
    def __init__(self, context, assignment: str, limits: dict, suite: Path | None = None):
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=worker_main, args=(assignment, theirs, limits, suite), daemon=True)
        self.process.start()
        theirs.close()
        self.jobs: deque[Job] = deque()  # sent and not yet answered, oldest first

    def send(self, job: Job | None) -> None:
        if job is not None:
            self.jobs.append(job)
        try:
            self.connection.send(job)
        except OSError:
            pass  # the worker is gone: its sentinel says so, and its jobs go to a replacement

    def kill(self, grace: float = 0.0) -> None:
        self.process.join(grace)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


class WorkerPool:
    def __init__(self, assignment: str, size: int, tests: dict[str, float], limits: dict, suite: Path | None = None):
        """`assignment` is the kit's name; `suite` its suite when the registry cannot find it by name."""
        self.assignment, self.tests, self.limits, self.suite = assignment, tests, limits, suite
        # fork: a worker starts with what the main process has already imported
        self.context = multiprocessing.get_context("fork")
        self.workers = [Worker(self.context, assignment, limits, suite) for _ in range(max(1, size))]

    def run(self, jobs: Iterator[Job], record: Callable[[Outcome], None]) -> None:
        """Grade every job, handing each outcome to `record` in the order they finish."""
        retry: deque[Job] = deque()
        exhausted = False

        def next_job() -> Job | None:
            nonlocal exhausted
            if retry:
                return retry.popleft()
            if not exhausted:
                job = next(jobs, None)
                exhausted = job is None
                return job
            return None

        def feed(worker: Worker) -> None:
            while len(worker.jobs) < PREFETCH:
                job = next_job()
                if job is None:
                    return
                worker.send(job)

        for worker in self.workers:
            feed(worker)
        while any(worker.jobs for worker in self.workers):
            busy = [worker for worker in self.workers if worker.jobs]
            ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy])
            for worker in busy:
                heard = worker.connection in ready or worker.process.sentinel in ready
                if heard and (not self.drain(worker, record, feed) or not worker.process.is_alive()):
                    self.replace(worker, retry, record)
        for worker in self.workers:
            worker.send(None)  # no more jobs: the worker's pytest session ends

    def drain(self, worker: Worker, record: Callable[[Outcome], None], feed: Callable[[Worker], None]) -> bool:
        """Every outcome the worker has sent; False once its pipe is closed (the worker is gone)."""
        while worker.connection.poll():
            try:
                kind, payload = worker.connection.recv()
            except (EOFError, OSError):
                return False
            if kind == "broken":
                raise WorkerDied(payload)
            worker.jobs.popleft()
            record(payload)
            feed(worker)
        return True

    def replace(self, worker: Worker, retry: deque, record: Callable[[Outcome], None]) -> None:
        """A worker died: the job it was grading is reported, the others go to a new worker."""
        worker.process.join()
        worker.connection.close()
        if worker.jobs:
            lost = worker.jobs.popleft()
            retry.extend(worker.jobs)
            outcome = zero(self.assignment, self.tests, lost.student, lost.timestamp,
                           f"the grading process died (exit status {worker.process.exitcode}) while grading this "
                           f"submission; it was not recorded and the next run will grade it again")
            outcome.status = GRADER_ERROR
            record(outcome)
        index = self.workers.index(worker)
        self.workers[index] = replacement = Worker(self.context, self.assignment, self.limits, self.suite)
        while retry and len(replacement.jobs) < PREFETCH:
            replacement.send(retry.popleft())

    def close(self, grace: float = 0.0) -> None:
        for worker in self.workers:
            worker.kill(grace)
