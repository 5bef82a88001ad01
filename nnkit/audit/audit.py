"""One audit, end to end: reference -> mutants -> graded by the suite -> survivors probed -> Audit."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from autograder.answer_keys import keys_in_notebook
from autograder.context import GradingContext, fresh_seed
from autograder.registry import Assignment
from nnkit.audit.equivalence import probe_chunk
from nnkit.audit.killing import chunks, grade_programs, pool
from nnkit.audit.mutants import mutants
from nnkit.audit.reference import reference_program
from nnkit.audit.report import Audit, Survivor, diff

PROBE_SEEDS = 3  # fresh cases for the equivalence battery, besides the grading run's own


class ReferenceFails(RuntimeError):
    """The reference solution itself loses points: the suite (or the notebook) is broken."""


def run_audit(assignment: Assignment, notebook: Path, *, limit: int | None = None, workers: int = 2,
              seed: int | None = None, timeout: float = 5.0) -> Audit:
    seed = fresh_seed() if seed is None else seed
    reference = reference_program(notebook)
    baseline, found = mutants(reference, limit)
    keys = keys_in_notebook(notebook)
    context = GradingContext(seed=seed, keys=keys)
    programs = [(0, baseline)] + [(m.number, m.source) for m in found]
    with pool(workers) as executor:
        verdicts = grade_programs(executor, workers, assignment.name, assignment.suite, programs, context, timeout)
        if verdicts[0].killed:
            raise ReferenceFails(f"the reference solution gets {verdicts[0].score:g}/{verdicts[0].max_score:g} "
                                 f"({verdicts[0].diagnosis or verdicts[0].grader_error}) "
                                 f"with seed {seed}: fix the suite or the notebook before auditing")
        alive = [m for m in found if not verdicts[m.number].killed]
        seeds = [seed + index + 1 for index in range(PROBE_SEEDS)]
        futures = [executor.submit(probe_chunk, assignment.suite, baseline, seeds, keys,
                                   [(m.number, m.source) for m in chunk], timeout)
                   for chunk in chunks(alive, workers)]
        differences: dict[int, str | None] = {}
        for future in futures:
            differences.update(future.result())
    caught = Counter(test for m in found for test in verdicts[m.number].failed_tests)
    return Audit(
        assignment=assignment.name, seed=seed, mutants=len(found),
        killed=sum(verdicts[m.number].killed for m in found),
        survivors=[Survivor(m.number, m.operator, m.description, m.line, diff(baseline, m.source),
                            differences[m.number]) for m in alive],
        caught_by=dict(caught.most_common()),
        grader_errors=[f"mutant {m.number} ({m.description}): {verdicts[m.number].grader_error.splitlines()[0]}"
                       for m in found if verdicts[m.number].grader_error],
    )
