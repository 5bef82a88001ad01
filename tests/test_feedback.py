"""`nnkit feedback`: pages rendered from real graded results (the demo class, graded in the sandbox)."""

from __future__ import annotations

import base64
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import typer
from typer.testing import CliRunner

from autograder.answer_keys import keys_in_notebook
from autograder.context import GradingContext
from autograder.grading import grade_path
from autograder import results as results_format
from autograder.runner import suite_path
from autograder.submission import BadSubmission, read_submission
from nnkit.feedback.page import render_page
from nnkit.feedback.command import feedback

ROOT = Path(__file__).resolve().parents[1]
SUBMITTED = ROOT / "demo" / "course" / "submitted"
# ada: correct; barbara: no / m (gradient checks fail); ken: zero init and unanswered cells that
# raise while loading; mallory: patches np.allclose and writes a wrong Layer.
STUDENTS = ("ada_lovelace", "barbara_liskov", "ken_thompson", "mallory_cheat")
# as `nnkit autograde` grades: a fresh seed, and the answer keys from the hidden test cells
CONTEXT = GradingContext(keys=keys_in_notebook(ROOT / "source" / "layer" / "layer.ipynb"))


def grade(submission: Path) -> dict:
    """What `nnkit autograde` writes for one submission: the Gradescope JSON of the sandboxed suite,
    or, for a file that is not a notebook, zero on every item with the reason."""
    try:
        read_submission(submission)
    except BadSubmission as exc:
        tests = grade_path(SUBMITTED / "ada_lovelace" / "layer" / "layer.ipynb", "layer").tests
        items = [results_format.TestResult(t.name, t.max_score) for t in tests]
        return results_format.SuiteResult("layer", items, problem=str(exc)).to_gradescope()
    return grade_path(submission, "layer", timeout=5.0, context=CONTEXT).to_gradescope()


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    return {student: grade(SUBMITTED / student / "layer" / "layer.ipynb") for student in STUDENTS}


@pytest.fixture(scope="module")
def pages(results) -> dict[str, str]:
    return {student: render_page(result, student, "layer") for student, result in results.items()}


class Resources(HTMLParser):
    """Every URL the page would load (src, href, srcset) and the tags it uses."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.urls += [value for name, value in attrs if name in ("src", "href", "srcset", "data", "poster") and value]


def plots_of(page: str) -> list[ElementTree.Element]:
    """The page's figures: inline SVG images, parsed."""
    return [ElementTree.fromstring(base64.b64decode(data))
            for data in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)]


def points_of(length: str) -> float:
    assert length.endswith("pt"), length
    return float(length[:-2])


def test_score_and_every_check_with_its_points(results, pages):
    for student, result in results.items():
        page = pages[student]
        score = re.search(r'id="score"><strong>([^<]+)</strong> / ([^ ]+) points', page)
        assert score, student
        assert float(score[1]) == pytest.approx(result["score"], abs=0.005)
        assert float(score[2]) == result["max_score"] == 25
        for test in result["tests"]:
            row = re.search(rf'id="check-{test["name"]}">(.*?)</tr>', page, re.S)
            assert row, (student, test["name"])
            assert f'{test["score"]:.2f}'.rstrip("0").rstrip(".") + " / " in row[1]


def mistakes_of(page: str) -> list[str]:
    """The diagnoses of the page's "What to fix" list, in order, as text."""
    return [html.unescape(text) for text in re.findall(r'<li id="mistake-\d+">\s*<p class="diagnosis">(.*?)</p>', page, re.S)]


def test_each_mistake_is_shown_once_and_every_failed_check_points_to_it(results, pages):
    barbara = pages["barbara_liskov"]
    findings = results_format.SuiteResult.from_gradescope(results["barbara_liskov"]).findings()
    assert [finding.diagnosis for finding in findings] == mistakes_of(barbara)
    assert any("m times too large" in diagnosis for diagnosis in mistakes_of(barbara))
    for finding in findings:  # once, however many checks and cases it cost
        assert html.unescape(barbara).count(finding.diagnosis) == 1
    failed = [t for t in results["barbara_liskov"]["tests"] if t["status"] == "failed"]
    assert {t["name"] for t in failed} >= {"test_backward_dW", "test_backward_db"}
    for test in failed:
        row = re.search(rf'id="check-{test["name"]}">(.*?)</tr>', barbara, re.S)[1]
        numbers = [n for n, finding in enumerate(findings, 1) if test["name"] in finding.tests]
        assert numbers and all(f'href="#mistake-{n}"' in row for n in numbers), (test["name"], row)
    ada = pages["ada_lovelace"]
    assert results["ada_lovelace"]["score"] == 25
    assert ada.count('<tr class="passed"') == len(results["ada_lovelace"]["tests"])
    assert 'id="mistakes"' not in ada and '<ul class="diagnoses">' not in ada


def test_a_crash_is_one_mistake_with_its_traceback_listing_the_checks_it_cost(tmp_path):
    submission = tmp_path / "layer.py"
    submission.write_text((ROOT / "solutions" / "layer.py").read_text().replace(
        "    def backward(self, dA, learning_rate):\n",
        "    def backward(self, dA, learning_rate):\n        raise ValueError('dZ went missing')\n"))
    page = render_page(grade(submission), "eve", "layer")
    [crash] = [d for d in mistakes_of(page) if "dZ went missing" in d]
    mistake = re.search(r'<li id="mistake-\d+">(.*?)</li>', page[page.index(html.escape(crash)) - 80:], re.S)[1]
    assert "ValueError: dZ went missing" in html.unescape(re.search(r'<pre class="output traceback">(.*?)</pre>', mistake, re.S)[1])
    assert 'line ' in mistake and "in backward" in mistake
    for test in ("test_backward_dW", "test_backward_db", "test_worked_example"):
        assert f'href="#check-{test}"' in mistake
    assert html.unescape(page).count("dZ went missing") == 2  # the diagnosis and its traceback, once each


def test_load_errors_are_shown(results, pages):
    assert "NotImplementedError" in results["ken_thompson"]["output"]
    assert 'id="output"' in pages["ken_thompson"]
    assert "raised NotImplementedError" in pages["ken_thompson"]
    assert 'id="output"' not in pages["ada_lovelace"]  # nothing to show: no empty box


def test_gradient_plot_is_an_inline_png_of_the_checks(results, pages):
    for student in ("ada_lovelace", "barbara_liskov"):
        [svg] = plots_of(pages[student])
        gradient_checks = [m for t in results[student]["tests"] for c in t["extra_data"]["cases"]
                           for m in c["measurements"] if "relative error" in m["what"]]
        assert len(gradient_checks) >= 6
        # one row of 0.3 inch (21.6 pt) per check, each labelled with what it checks
        assert points_of(svg.get("width")) == 576 and points_of(svg.get("height")) > 21 * len(gradient_checks)
        labels = {"".join(text.itertext()).strip() for text in svg.iter("{http://www.w3.org/2000/svg}text")}
        assert {"dW [sigmoid-4to3-m5]", "db [sigmoid-4to3-m5]", "Gradient checks"} <= labels
    assert "Gradient checks: 0 of" not in pages["ada_lovelace"]
    assert re.search(r"Gradient checks: \d+ of \d+ relative errors", pages["barbara_liskov"])


def test_gradient_plot_shows_the_checks_that_failed_before_measuring_too(tmp_path):
    """dW transposed: most gradient cases fail on dW's shape before any error is measured; they are
    plotted (at the right edge), not left out, and the caption says so."""
    result = grade(ROOT / "autograder" / "assignments" / "layer" / "catalogue" / "buggy" / "dW_transposed.py")
    cases = {(t["name"], c["case"]): c for t in result["tests"] for c in t["extra_data"]["cases"]
             if t["name"] in ("test_backward_dA_prev", "test_backward_dW", "test_backward_db")}
    page = render_page(result, "eve", "layer")
    [svg] = plots_of(page)
    labels = [("".join(text.itertext()).strip()) for text in svg.iter("{http://www.w3.org/2000/svg}text")]
    plotted = [label for label in labels if re.fullmatch(r"(dA_prev|dW|db) \[.+\]", label)]
    assert len(plotted) == len(cases) == 21  # every case of the three gradient checks, failed or not
    unmeasured = [key for key, case in cases.items() if not case["passed"] and not case["measurements"]]
    assert unmeasured
    assert re.search(rf"Gradient checks: \d+ of 21 relative errors are below their threshold. {len(unmeasured)} of them "
                     r"failed before their error could be measured", page)


def test_the_page_loads_nothing_from_outside(pages):
    for student, page in pages.items():
        resources = Resources()
        resources.feed(page)
        assert resources.urls, student  # the plot is there ...
        # ... inline; links only jump within the page (a failed check to its mistake)
        assert all(url.startswith(("data:", "#")) for url in resources.urls), resources.urls
        assert not resources.tags & {"script", "link", "iframe", "object", "embed"}, resources.tags
        assert "url(" not in page and "@import" not in page


def test_learner_output_is_escaped(tmp_path):
    submission = tmp_path / "layer.py"
    submission.write_text('print("<script>alert(1)</script></pre><img src=http://x.invalid/a.png>")\n'
                          'raise RuntimeError("<b>bold</b> & friends")\n')
    page = render_page(grade(submission), "eve", "layer")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;/pre&gt;&lt;img src=http://x.invalid/a.png&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; friends" in page
    assert "<script" not in page and "x.invalid/a.png>" not in page


def test_a_broken_notebook_gets_a_page_that_says_why():
    result = grade(SUBMITTED / "broken_upload" / "layer" / "layer.ipynb")
    page = render_page(result, "broken_upload", "layer")
    assert result["score"] == 0 and result["max_score"] == 25
    assert "Your submission could not be graded" in page
    assert "is not a notebook (not valid JSON" in page
    assert page.count("not checked: your code could not be run") == len(result["tests"])
    assert not plots_of(page)


def suite_lines() -> set[str]:
    """Every line of the hidden layer suite and its bug catalogue worth recognising (> 30 chars)."""
    sources = [suite_path("layer"), suite_path("layer").parent / "bugs.py"]
    return {line.strip() for path in sources for line in path.read_text().splitlines() if len(line.strip()) > 30}


def shown_suite_lines(page: str, lines: set[str]) -> list[str]:
    text = html.unescape(page)
    return [line for line in lines if line in text]


def test_no_page_shows_hidden_suite_source(results, pages):
    lines = suite_lines()
    assert len(lines) > 100
    for student, page in pages.items():
        assert not shown_suite_lines(page, lines), (student, shown_suite_lines(page, lines)[:3])
    # the check itself works: a page whose diagnosis quoted the suite would be caught
    leaked = json.loads(json.dumps(results["barbara_liskov"]))
    line = sorted(lines)[len(lines) // 2]
    leaked["tests"][0].update(status="failed", output=line)
    assert shown_suite_lines(render_page(leaked, "x", "layer"), lines) == [line]


# ---------------------------------------------------------------- the command, in a course folder

def cli() -> typer.Typer:
    app = typer.Typer()
    app.command()(feedback)
    return app


@pytest.fixture()
def course(tmp_path, results) -> Path:
    """A course folder as `nnkit autograde` leaves it: submissions and their results JSON."""
    for student, result in results.items():
        (tmp_path / "nnkit" / "layer").mkdir(parents=True, exist_ok=True)
        (tmp_path / "nnkit" / "layer" / f"{student}.json").write_text(json.dumps(result))
        submitted = tmp_path / "submitted" / student / "layer"
        submitted.mkdir(parents=True)
        (submitted / "timestamp.txt").write_text((SUBMITTED / student / "layer" / "timestamp.txt").read_text())
    (tmp_path / "nnkit" / "layer" / "scores.csv").write_text("student,score\n")
    return tmp_path


def test_command_writes_one_page_per_student_where_nbgrader_releases_feedback(course):
    run = CliRunner().invoke(cli(), ["layer", "--course", str(course)])
    assert run.exit_code == 0, run.output
    assert f"wrote {len(STUDENTS)} feedback pages" in run.output
    for student in STUDENTS:
        folder = course / "feedback" / student / "layer"
        assert sorted(p.name for p in folder.iterdir()) == ["layer.html", "timestamp.txt"]
        assert f"feedback for <span id=\"student\">{student}</span>" in (folder / "layer.html").read_text()
        assert (folder / "timestamp.txt").read_text() == (course / "submitted" / student / "layer" / "timestamp.txt").read_text()


def test_command_for_one_student(course):
    run = CliRunner().invoke(cli(), ["layer", "--course", str(course), "--student", "ken_thompson"])
    assert run.exit_code == 0, run.output
    assert [p.name for p in (course / "feedback").iterdir()] == ["ken_thompson"]


@pytest.mark.parametrize("args, message", [
    (["layer", "--student", "nobody"], "no graded results for student 'nobody'"),
    (["network"], "no graded results in"),
    (["backprop"], "unknown assignment 'backprop'"),
], ids=["unknown-student", "not-graded-yet", "unknown-assignment"])
def test_command_bad_input_is_one_line_and_exit_2(course, args, message):
    run = CliRunner().invoke(cli(), [*args, "--course", str(course)])
    assert run.exit_code == 2
    assert message in run.output and len(run.output.strip().splitlines()) == 1
    assert not (course / "feedback").exists()


def test_a_corrupt_results_file_spoils_only_its_page(course):
    (course / "nnkit" / "layer" / "ken_thompson.json").write_text('{"score": ')
    run = CliRunner().invoke(cli(), ["layer", "--course", str(course)])
    assert run.exit_code == 1
    assert "could not write feedback for ken_thompson" in run.output
    assert f"wrote {len(STUDENTS) - 1} feedback pages" in run.output
    assert not (course / "feedback" / "ken_thompson").exists()
