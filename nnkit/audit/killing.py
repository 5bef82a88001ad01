"""Every mutant graded by the assignment's real suite, in the sandbox, in parallel.

Worker processes (fresh interpreters: a forked copy would share this process's sandbox zygote)
each grade chunks of mutants in one pytest session, as `nnkit autograde` grades a class. A
mutant is killed when the suite takes a point from it, survives when it gets full marks.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from autograder.context import GradingContext
from nnkit.autograde.jobs import GRADER_ERROR, Job


@dataclass(frozen=True)
class Verdict:
    killed: bool
    score: float
    max_score: float
    failed_tests: tuple[str, ...]  # the items that took points (the checks that caught it)
    grader_error: str = ""  # the suite itself failed on this mutant (a defect to report)
    diagnosis: str = ""  # the first diagnosis it got


def grade_chunk(name: str, suite: Path, programs: list[tuple[int, str]], context: GradingContext,
                timeout: float) -> dict[int, Verdict]:
    """Runs in a worker: one pytest session grades these programs."""
    from nnkit.autograde.batch import grade_batch

    jobs = [Job(str(number), None, (source,), context) for number, source in programs]
    verdicts = {}
    for outcome in grade_batch(name, jobs, suite=suite, timeout=timeout):
        result = outcome.result
        failed = tuple(t.name for t in result.tests if not t.passed)
        diagnoses = [d for t in result.tests if not t.passed for d in t.diagnoses]
        verdicts[int(outcome.student)] = Verdict(
            killed=bool(failed) or result.score < result.max_score, score=result.score, max_score=result.max_score,
            failed_tests=failed, grader_error=result.problem if outcome.status == GRADER_ERROR else "",
            diagnosis=diagnoses[0][:300] if diagnoses else "")
    return verdicts


def chunks(items: list, count: int) -> list[list]:
    """`count` interleaved chunks, so every worker gets a mix of cheap and costly programs."""
    return [chunk for chunk in (items[start::count] for start in range(count)) if chunk]


def pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))


def grade_programs(executor: ProcessPoolExecutor, workers: int, name: str, suite: Path,
                   programs: list[tuple[int, str]], context: GradingContext, timeout: float) -> dict[int, Verdict]:
    futures = [executor.submit(grade_chunk, name, suite, chunk, context, timeout)
               for chunk in chunks(programs, max(1, workers * 3))]
    verdicts: dict[int, Verdict] = {}
    for future in futures:
        verdicts.update(future.result())
    return verdicts
