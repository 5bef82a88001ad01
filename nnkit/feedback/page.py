"""One feedback page: a Report rendered through the Jinja2 template, with its figure inline."""

from __future__ import annotations

from functools import lru_cache

import jinja2

from nnkit.feedback.plots import figure_data_uri
from nnkit.feedback.report import Report, read_report


def points(value: float) -> str:
    """2.0 -> '2', 0.6667 -> '0.67': points as a person writes them."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:.3g}" if 1e-3 <= abs(value) < 1e4 or value == 0 else f"{value:.2e}"
    return str(value)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("nnkit.feedback", "templates"),
        autoescape=True,  # everything on the page that came from a submission is untrusted text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True)
    env.filters["points"] = points
    env.filters["number"] = number
    return env


def describe_plot(report: Report) -> str:
    parts = []
    if report.error_checks:
        below = sum(c.passed for c in report.error_checks)
        parts.append(f"Gradient checks: {below} of {len(report.error_checks)} relative errors are below their threshold.")
        unmeasured = sum(not c.measured for c in report.error_checks)
        if unmeasured:
            parts.append(f"{unmeasured} of them failed before their error could be measured (a wrong shape or an "
                         f"error; see what to fix): the red triangles at the right edge.")
    for name, curve in report.curves.items():
        parts.append(f"Learning curve: {name} over {len(curve)} epochs, from {number(curve[0][1])} to {number(curve[-1][1])}.")
    return " ".join(parts)


def render_report(report: Report) -> str:
    return environment().get_template("feedback.html.j2").render(
        report=report, plot=figure_data_uri(report), plot_description=describe_plot(report))


def render_page(result: dict, student: str, assignment: str) -> str:
    """The HTML page for one student's Gradescope result (self-contained: no external resources)."""
    return render_report(read_report(result, student, assignment))
