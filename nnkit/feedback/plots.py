"""The one picture of a feedback page: gradient-check errors against their thresholds, and the
learning curve when the suite recorded one. Drawn with matplotlib's Agg canvas into a PNG that the
page embeds as base64, so it opens offline.

Plotting is what a page costs, so one Figure is kept per process and cleared for each page
(no pyplot, no global figure manager, nothing to close).
"""

from __future__ import annotations

import base64
import io
import math

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from nnkit.feedback.report import ErrorCheck, Report

PASSED = "#2e7d32"
FAILED = "#c62828"
THRESHOLD = "#555555"
# log10 of 0 does not exist: an error of exactly 0 is drawn at this floor (float64 rounding is 1e-16).
ERROR_FLOOR = 1e-17
WIDTH_INCHES = 8.0
DPI = 100
# Fixed margins in inches instead of tight_layout: measuring every label's extent first would
# draw the figure twice, which is most of a page's cost.
LEFT, RIGHT, TOP, BOTTOM, GAP = 1.5, 0.25, 0.4, 0.55, 0.95

_figure = Figure(dpi=DPI)
FigureCanvasAgg(_figure)


def has_plot(report: Report) -> bool:
    return bool(report.error_checks or report.curves)


def plot_png(report: Report) -> str:
    """The page's figure as base64 PNG, or "" when there is nothing to draw."""
    if not has_plot(report):
        return ""
    figure = _figure
    figure.clear()
    panels = []
    if report.error_checks:
        panels.append(("errors", 0.3 + 0.3 * len(report.error_checks)))
    if report.curves:
        panels.append(("curves", 2.6))
    height = sum(h for _, h in panels) + GAP * (len(panels) - 1) + TOP + BOTTOM
    figure.set_size_inches(WIDTH_INCHES, height)
    grid = figure.add_gridspec(
        len(panels), 1, height_ratios=[h for _, h in panels], hspace=GAP / (sum(h for _, h in panels) / len(panels)),
        left=LEFT / WIDTH_INCHES, right=1 - RIGHT / WIDTH_INCHES, top=1 - TOP / height, bottom=BOTTOM / height)
    for row, (kind, _) in enumerate(panels):
        axes = figure.add_subplot(grid[row])
        if kind == "errors":
            draw_error_checks(axes, report.error_checks)
        else:
            draw_curves(axes, report.curves)
    buffer = io.BytesIO()
    # Fast zlib level: a flat-colour chart compresses almost as well, in a third of the time.
    figure.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def short_label(check: ErrorCheck) -> str:
    """'dW relative error [relu-3x2]' -> 'dW [relu-3x2]': the axis already says 'relative error'."""
    what = check.what.replace(" relative error", "")
    return f"{what} [{check.case}]" if check.case else what


def draw_error_checks(axes, checks: tuple[ErrorCheck, ...]) -> None:
    rows = list(range(len(checks)))[::-1]  # first check at the top
    values = [max(c.value, ERROR_FLOOR) for c in checks]
    for row, check, value in zip(rows, checks, values):
        colour, marker = (PASSED, "o") if check.passed else (FAILED, "X")
        axes.plot([value], [row], marker=marker, color=colour, markersize=8, linestyle="none")
        if not check.passed:  # how far past the threshold: the length of the mistake
            axes.plot([check.threshold, value], [row, row], color=FAILED, linewidth=1, alpha=0.5)
    thresholds = {c.threshold for c in checks}
    if len(thresholds) == 1:
        threshold = thresholds.pop()
        axes.axvline(threshold, color=THRESHOLD, linestyle="--", linewidth=1)
        axes.annotate(f"threshold {threshold:.0e}", xy=(threshold, 1.0), xycoords=("data", "axes fraction"),
                      xytext=(0, 3), textcoords="offset points", ha="center", color=THRESHOLD, fontsize=8)
    else:
        axes.plot([c.threshold for c in checks], rows, marker="|", markersize=16, color=THRESHOLD, linestyle="none")
    axes.set_xscale("log")
    low = min(values + [c.threshold for c in checks])
    high = max(values + [c.threshold for c in checks])
    axes.set_xlim(10 ** math.floor(math.log10(low) - 1), 10 ** math.ceil(math.log10(high) + 1))
    axes.xaxis.set_major_locator(LogLocator(base=10, numticks=8))
    axes.xaxis.set_minor_locator(NullLocator())
    # '1e-06' in plain text: the same numbers the diagnoses print, and no mathtext to typeset.
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.0e}"))
    axes.set_ylim(-0.7, len(checks) - 0.3)
    axes.set_yticks(rows, [short_label(c) for c in checks], fontsize=8)
    axes.set_xlabel("relative error: analytic vs finite-difference gradient (log scale; left of the line passes)")
    axes.set_title("Gradient checks", loc="left", fontsize=11)
    axes.grid(axis="x", which="major", alpha=0.3)


def draw_curves(axes, curves: dict[str, list[tuple[int, float]]]) -> None:
    for name, points in curves.items():
        axes.plot([i for i, _ in points], [v for _, v in points], linewidth=1.6, label=name)
    values = [v for points in curves.values() for _, v in points]
    # A loss that falls over several orders of magnitude only shows its tail on a log axis.
    if values and min(values) > 0 and max(values) / min(values) > 100:
        axes.set_yscale("log")
    axes.set_xlabel("epoch")
    axes.set_ylabel(", ".join(curves))
    axes.set_title("Learning curve", loc="left", fontsize=11)
    axes.grid(alpha=0.3)
    if len(curves) > 1:
        axes.legend(fontsize=8)
