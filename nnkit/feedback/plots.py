"""The one picture of a feedback page: gradient-check errors against their thresholds, and the
learning curve when the suite recorded one. Drawn with matplotlib (Agg canvas, no pyplot) into an
SVG that the page embeds as a base64 data URI, so it opens offline.

SVG with its text left as text (svg.fonttype "none"): typesetting every tick label into glyph
bitmaps or paths was most of a page's cost; as text, the browser sets it, and the SVG is a third
of the PNG's size and sharp at any zoom. Plotting is still what a page costs, so one Figure is
kept per process and cleared for each page (no global figure manager, nothing to close).
"""

from __future__ import annotations

import base64
import io
import math
import re

import matplotlib

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator
from matplotlib.transforms import blended_transform_factory

from nnkit.feedback.report import ErrorCheck, Report

PASSED = "#2e7d32"
FAILED = "#c62828"
THRESHOLD = "#555555"
# log10 of 0 does not exist: an error of exactly 0 is drawn at this floor (float64 rounding is 1e-16).
ERROR_FLOOR = 1e-17
WIDTH_INCHES = 8.0
# Fixed margins in inches instead of tight_layout: measuring every label's extent first would
# draw the figure twice, which is most of a page's cost.
LEFT, RIGHT, TOP, BOTTOM, GAP = 0.9, 0.25, 0.4, 0.55, 0.95
# Tick labels are 8 pt DejaVu Sans: about 0.6 em = 0.07 inch a character. The left margin grows
# with the longest check label (estimated, not measured: measuring text would cost a draw).
LABEL_INCHES_PER_CHARACTER = 0.07

_figure = Figure()
FigureCanvasAgg(_figure)


def has_plot(report: Report) -> bool:
    return bool(report.error_checks or report.curves)


SVG_SETTINGS = {"svg.fonttype": "none", "svg.hashsalt": "nnkit"}  # text as text; ids that do not change run to run


def figure_data_uri(report: Report) -> str:
    """The page's figure as a `data:image/svg+xml;base64,...` URI, or "" when there is nothing to draw."""
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
    longest = max((len(short_label(c)) for c in report.error_checks), default=0)
    left = max(LEFT, 0.2 + LABEL_INCHES_PER_CHARACTER * longest)
    figure.set_size_inches(WIDTH_INCHES, height)
    grid = figure.add_gridspec(
        len(panels), 1, height_ratios=[h for _, h in panels], hspace=GAP / (sum(h for _, h in panels) / len(panels)),
        left=left / WIDTH_INCHES, right=1 - RIGHT / WIDTH_INCHES, top=1 - TOP / height, bottom=BOTTOM / height)
    for row, (kind, _) in enumerate(panels):
        axes = figure.add_subplot(grid[row])
        if kind == "errors":
            draw_error_checks(axes, report.error_checks)
        else:
            draw_curves(axes, report.curves)
    buffer = io.BytesIO()
    with matplotlib.rc_context(SVG_SETTINGS):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def short_label(check: ErrorCheck) -> str:
    """'dW (seen as ...) relative error' in case relu-3x2 -> 'dW [relu-3x2]': the axis already says
    'relative error', and the page's table keeps the whole description."""
    what = re.sub(r"\s*\(.*\)", "", check.what).replace(" relative error", "").strip() or check.what
    return f"{what} [{check.case}]" if check.case else what


def draw_error_checks(axes, checks: tuple[ErrorCheck, ...]) -> None:
    """One row per gradient check: its relative error against the threshold, on a log axis. A check
    that failed before its error could be measured (a wrong shape, an error) is a mark at the right edge."""
    rows = list(range(len(checks)))[::-1]  # first check at the top
    measured = [(row, check, max(check.value, ERROR_FLOOR)) for row, check in zip(rows, checks) if check.measured]
    # One artist per kind of mark, not one per check: artists are what drawing costs.
    for passed, colour, marker in ((True, PASSED, "o"), (False, FAILED, "X")):
        chosen = [(row, value) for row, check, value in measured if check.passed == passed]
        if chosen:
            axes.plot([v for _, v in chosen], [r for r, _ in chosen], marker=marker, color=colour, markersize=8,
                      linestyle="none")
    failed = [(row, check.threshold, value) for row, check, value in measured if not check.passed]
    if failed:  # how far past the threshold: the size of the mistake
        axes.hlines([r for r, _, _ in failed], [t for _, t, _ in failed], [v for _, _, v in failed],
                    color=FAILED, linewidth=1, alpha=0.5)
    unmeasured = [row for row, check in zip(rows, checks) if not check.measured]
    if unmeasured:
        at_right_edge = blended_transform_factory(axes.transAxes, axes.transData)
        axes.plot([0.985] * len(unmeasured), unmeasured, transform=at_right_edge, marker=">", color=FAILED,
                  markersize=8, linestyle="none", clip_on=False)  # the caption says what the mark means
    for row, above, below in zip(rows[1:], checks, checks[1:]):
        if above.check != below.check:  # a thin rule between graded items (dA_prev | dW | db)
            axes.axhline(row + 0.5, color=THRESHOLD, linewidth=0.5, alpha=0.4)
    thresholds = {c.threshold for c in checks}
    if len(thresholds) == 1:
        threshold = thresholds.pop()
        axes.axvline(threshold, color=THRESHOLD, linestyle="--", linewidth=1)
        axes.annotate(f"threshold {threshold:.0e}", xy=(threshold, 1.0), xycoords=("data", "axes fraction"),
                      xytext=(0, 3), textcoords="offset points", ha="center", color=THRESHOLD, fontsize=8)
    else:
        axes.plot([c.threshold for c in checks], rows, marker="|", markersize=16, color=THRESHOLD, linestyle="none")
    axes.set_xscale("log")
    low = min([v for _, _, v in measured] + [c.threshold for c in checks])
    high = max([v for _, _, v in measured] + [c.threshold for c in checks])
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
