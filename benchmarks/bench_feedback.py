"""How long one feedback page takes to render, and what its figure costs.

    .venv/bin/python benchmarks/bench_feedback.py [--runs 5]

Grades the demo class's notebooks once (sandboxed, as `nnkit autograde` does), then renders each
student's page `--runs` times. Prints the median per page, whole and split into the figure
(matplotlib -> SVG) and the rest (reading the JSON, Jinja2), as wall-clock and CPU seconds:
CPU time is what the page costs, wall-clock also shows how busy the machine was.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(function, runs: int) -> tuple[float, float]:
    """Median (wall, cpu) seconds of `function()` over `runs` calls."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from autograder.grading import grade_path
    from autograder.submission import BadSubmission
    from nnkit.feedback.page import render_page, render_report
    from nnkit.feedback.plots import figure_data_uri
    from nnkit.feedback.report import read_report

    results = {}
    for notebook in sorted((ROOT / "demo" / "course" / "submitted").glob("*/layer/layer.ipynb")):
        student = notebook.parts[-3]
        if student.startswith("linus"):  # its infinite loop costs the grader seconds, not the page
            continue
        try:
            results[student] = grade_path(notebook, "layer", timeout=5.0).to_gradescope()
        except BadSubmission:
            continue
    render_page(next(iter(results.values())), "warm-up", "layer")  # imports, font cache, template compile

    print(f"{'student':20s} {'checks':>6s} {'page wall':>10s} {'page cpu':>9s} {'figure cpu':>11s} {'size':>8s}")
    pages, figures = [], []
    for student, result in results.items():
        report = read_report(result, student, "layer")
        wall, cpu = timed(lambda: render_page(result, student, "layer"), args.runs)
        _, figure_cpu = timed(lambda: figure_data_uri(report), args.runs)
        size = len(render_report(report))
        pages.append(cpu)
        figures.append(figure_cpu)
        print(f"{student:20s} {len(report.error_checks):6d} {wall * 1000:8.0f}ms {cpu * 1000:7.0f}ms "
              f"{figure_cpu * 1000:9.0f}ms {size / 1024:6.0f}kB")
    page, figure = statistics.median(pages), statistics.median(figures)
    print(f"\nmedian per page: {page * 1000:.0f} ms CPU, of which the figure {figure * 1000:.0f} ms "
          f"({100 * figure / page:.0f}%); a class of 100 takes about {100 * page:.0f} s")


if __name__ == "__main__":
    main()
