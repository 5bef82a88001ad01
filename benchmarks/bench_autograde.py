"""`nnkit autograde` against `nbgrader autograde` on identical copies of one class, start-up included.

    .venv/bin/python benchmarks/bench_autograde.py [--n 60] [--assignment activations] [--workers 2]
    .venv/bin/python benchmarks/bench_autograde.py --nnkit-only --n 1000

Builds a real course (the repository's source notebook, `nbgrader generate_assignment`) with N
submissions, two in three honest (the solved release notebook) and one in three with a known bug,
then grades one copy with `nbgrader autograde ASSIGNMENT` and another with `nnkit autograde`,
each as one command timed from start to exit. Checks that both give every honest submission the
same points in every grade cell, and prints seconds per submission and the ratio. `--nnkit-only`
skips nbgrader and also reports the peak memory of nnkit's whole process tree (sampled from /proc).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from test_autograde_course import (
    BUGS,
    make_course,
    nbgrader_env,
    solved_notebook,
    submit,
    with_bug,
)

SLOW_BUGS = {"relu_loops_forever"}  # a timeout measures the time limit, not the grader


def build_class(folder: Path, assignment: str, n: int) -> tuple[Path, set[str]]:
    course = make_course(folder / "course", assignment)
    solved = solved_notebook(course, assignment)
    bugs = [bug for bug in BUGS.get(assignment, {}) if bug not in SLOW_BUGS]
    honest = set()
    for index in range(n):
        student = f"student{index:04d}"
        if index % 3 == 2 and bugs:
            submit(course, student, assignment, with_bug(solved, assignment, bugs[index // 3 % len(bugs)]))
        else:
            submit(course, student, assignment, solved)
            honest.add(student)
    return course, honest


def cell_scores(course: Path) -> dict[tuple[str, str], float | None]:
    db = sqlite3.connect(course / "gradebook.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {(student, cell): score for student, cell, score in db.execute(
            "SELECT s.student_id, b.name, g.auto_score FROM grade g JOIN base_cell b ON b.id = g.cell_id "
            "JOIN submitted_notebook n ON n.id = g.notebook_id JOIN submitted_assignment s ON s.id = n.assignment_id")}
    finally:
        db.close()


class TreeMemory:
    """Peak resident memory of a process and all its descendants, sampled every 50 ms from /proc."""

    def __init__(self, pid: int):
        self.pid, self.peak_total, self.peak_main = pid, 0, 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()

    def sample(self) -> None:
        while not self.done.is_set():
            sizes = tree_rss(self.pid)
            self.peak_total = max(self.peak_total, sum(sizes.values()))
            self.peak_main = max(self.peak_main, sizes.get(self.pid, 0))
            self.done.wait(0.05)

    def stop(self) -> None:
        self.done.set()
        self.thread.join()


def tree_rss(root: int) -> dict[int, int]:
    parents, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        parents[int(entry)] = int(fields.get("PPid", "0"))
        rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    tree, grown = {root}, True
    while grown:
        grown = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grown = True
    return {pid: rss[pid] for pid in tree if pid in rss}


def timed(command: list[str], cwd: Path, memory: bool = False) -> tuple[float, subprocess.CompletedProcess, TreeMemory | None]:
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=nbgrader_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeMemory(process.pid) if memory else None
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    if sampler:
        sampler.stop()
    done = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} failed ({done.returncode}):\n{stderr[-3000:]}")
    return seconds, done, sampler


def nnkit_command(assignment: str, course: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "nnkit.autograde", assignment, "--course", str(course), "--workers", str(workers)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=60, help="submissions (default 60)")
    parser.add_argument("--assignment", default="activations")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--nnkit-only", action="store_true", help="skip nbgrader; report time and peak memory")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-autograde-") as scratch:
        started = time.perf_counter()
        course, honest = build_class(Path(scratch), options.assignment, options.n)
        print(f"built {options.n} submissions ({len(honest)} honest) in {time.perf_counter() - started:.1f} s "
              f"on {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        if options.nnkit_only:
            seconds, _, memory = timed(nnkit_command(options.assignment, course, options.workers), course, memory=True)
            graded = {student for student, _ in cell_scores(course)}
            assert len(graded) == options.n, f"{len(graded)} of {options.n} in the gradebook"
            print(f"nnkit autograde: {options.n} submissions in {seconds:.1f} s ({seconds / options.n * 1000:.0f} ms each, "
                  f"{options.workers} workers); peak memory {memory.peak_total / 2**20:.0f} MiB for the whole process "
                  f"tree, {memory.peak_main / 2**20:.0f} MiB for the main process")
            return
        twin = Path(scratch) / "twin"
        shutil.copytree(course, twin)
        theirs_seconds, _, _ = timed([sys.executable, "-m", "nbgrader", "autograde", options.assignment, "--log-level=WARN"], twin)
        ours_seconds, _, _ = timed(nnkit_command(options.assignment, course, options.workers), course)
        ours, theirs = cell_scores(course), cell_scores(twin)
        checked = {key for key in theirs if key[0] in honest}
        differ = sorted(key for key in checked if ours.get(key) != theirs[key])
        buggy_differ = sorted({key[0] for key in theirs if key[0] not in honest and ours.get(key) != theirs[key]})
        print(f"nbgrader autograde: {theirs_seconds:7.1f} s  {theirs_seconds / options.n:6.3f} s per submission")
        print(f"nnkit autograde:    {ours_seconds:7.1f} s  {ours_seconds / options.n:6.3f} s per submission "
              f"({options.workers} workers)")
        print(f"nnkit is {theirs_seconds / ours_seconds:.1f}x faster (start-up included)")
        print(f"honest submissions: {len(checked)} grade cells compared, {len(differ)} differ"
              + (f": {differ[:5]}" if differ else ""))
        print(f"buggy submissions whose cells differ: {len(buggy_differ)} of {options.n - len(honest)}"
              + (f" {buggy_differ[:5]}" if buggy_differ else ""))
        if differ:
            raise SystemExit("honest submissions scored differently")


if __name__ == "__main__":
    main()
