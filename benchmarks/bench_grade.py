"""How long one `nnkit grade` / `nnkit check` of a .py submission takes, start-up included,
and what the sandbox costs per submission.

    .venv/bin/python benchmarks/bench_grade.py [--runs 7] [--submission solutions/layer.py]

Prints medians, and ratios against baselines measured in the same run on the same machine:
a bare `python -c "import numpy"` (the floor for any numpy program) and the same suite run
in-process without a sandbox.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def sandbox_cost(submission: Path, assignment: str, runs: int) -> tuple[float, float]:
    """Median seconds to grade in-process with the sandbox, and without it (LocalLearner)."""
    from autograder.grading import grade_path

    grade_path(submission, assignment)  # warm: imports, zygote, pytest collection caches
    timings = {}
    for sandbox in (True, False):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            grade_path(submission, assignment, sandbox=sandbox)
            times.append(time.perf_counter() - start)
        timings[sandbox] = statistics.median(times)
    return timings[True], timings[False]


def sandbox_lifecycle(runs: int) -> float:
    """Median seconds of one sandbox's whole life, with nothing graded: fork from the warm zygote,
    lock down, load a one-line submission, one call, kill, reap, sweep, clean up."""
    from autograder.sandbox.client import SandboxLearner

    times = []
    for attempt in range(runs + 3):  # the first ones start the zygote and warm its caches
        start = time.perf_counter()
        learner = SandboxLearner(["def answer():\n    return 42\n"])
        assert learner.call("answer") == 42
        learner.close()
        if attempt >= 3:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--submission", type=Path, default=ROOT / "solutions" / "layer.py")
    parser.add_argument("--assignment", default="layer")
    args = parser.parse_args()

    python = sys.executable
    floor = median_seconds([python, "-c", "import numpy"], args.runs)
    grade = median_seconds([python, "-m", "nnkit.cli", "grade", str(args.submission), "-a", args.assignment], args.runs)
    check = median_seconds([python, "-m", "nnkit.cli", "check", str(args.submission), "-a", args.assignment], args.runs)
    with_sandbox, without = sandbox_cost(args.submission, args.assignment, args.runs)
    lifecycle = sandbox_lifecycle(4 * args.runs)

    print(f"python -c 'import numpy'           {floor * 1000:7.0f} ms  (baseline)")
    print(f"nnkit grade {args.submission.name:<22} {grade * 1000:7.0f} ms  ({grade / floor:.1f}x baseline)  target < 1000 ms")
    print(f"nnkit check {args.submission.name:<22} {check * 1000:7.0f} ms  ({check / floor:.1f}x baseline)")
    print(f"in-process grade, sandboxed        {with_sandbox * 1000:7.0f} ms")
    print(f"in-process grade, no sandbox       {without * 1000:7.0f} ms")
    print(f"sandbox cost per submission        {(with_sandbox - without) * 1000:7.0f} ms  ({with_sandbox / without:.2f}x)")
    print(f"one sandbox's life, one call       {lifecycle * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
