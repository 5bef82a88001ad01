"""The same grading on a dask.distributed cluster, for a course that outgrows one machine.

Jobs carry the submission's code, not paths, so workers need no access to the course folder;
outcomes come back here, where the one gradebook writer records them. Jobs travel in chunks,
each graded by one pytest session (`grade_batch`); at most two chunks per worker thread are in
flight, so memory here stays bounded however many submissions there are.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

from nnkit.autograde.jobs import GRADER_ERROR, Job, Outcome, zero

CHUNK = 4  # submissions per task: a pytest session's start-up is paid once per chunk

_one_batch_at_a_time = threading.Lock()


def grade_chunk(assignment: str, jobs: list[Job], limits: dict, suite: Path | None = None) -> list[Outcome]:
    """Runs on a dask worker. A worker process grades one chunk at a time, whatever its thread
    count: pytest's session is process-wide."""
    from nnkit.autograde.batch import grade_batch

    with _one_batch_at_a_time:
        return grade_batch(assignment, jobs, suite=suite, **limits)


def run_on_cluster(address: str, assignment: str, tests: dict[str, float], jobs: Iterator[Job],
                   record: Callable[[Outcome], None], limits: dict, suite: Path | None = None) -> None:
    """`suite` is a course plug-in's suite (a path the workers must see); None: found by name on each worker."""
    from distributed import Client, as_completed

    with Client(address, set_as_default=False) as client:
        slots = max(1, sum(client.nthreads().values()))
        pending: dict[str, list[Job]] = {}
        running = as_completed(loop=client.loop)

        def submit_chunk() -> bool:
            chunk = list(islice(jobs, CHUNK))
            if chunk:
                future = client.submit(grade_chunk, assignment, chunk, limits, suite, pure=False)
                pending[future.key] = chunk
                running.add(future)
            return bool(chunk)

        for _ in range(2 * slots):
            if not submit_chunk():
                break
        for future in running:
            chunk = pending.pop(future.key)
            try:
                outcomes = future.result()
            except Exception as error:  # a worker died or the task failed: these were not graded
                outcomes = [zero(assignment, tests, job.student, job.timestamp,
                                 f"grading failed on the cluster ({type(error).__name__}: {error}); "
                                 f"not recorded, the next run grades it again") for job in chunk]
                for outcome in outcomes:
                    outcome.status = GRADER_ERROR
            future.release()
            for outcome in outcomes:
                record(outcome)
            submit_chunk()
