"""A real feedback page in headless Chromium: it renders, says the score and the diagnoses, and
its figure loads, with the network cut off (the page must open offline).

Chromium is Debian's (`apt-get install -y chromium`), driven by playwright-python through
`executable_path`; playwright's own browser downloads are never used.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from autograder.grading import grade_path
from autograder.results import SuiteResult
from nnkit.feedback.page import render_page

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
STUDENT = "barbara_liskov"  # passes most checks, fails dW and db: diagnoses, a partial score, red marks
SCREENSHOT_KEPT = ROOT / "build" / "feedback-screenshot.png"  # to look at after a run (build/ is git-ignored)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")
# on a developer's machine without chromium this skips; in CI (.ci/run installs it) it must run
pytestmark = pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"), reason=f"{CHROMIUM} is not installed: apt-get install -y chromium")

# Chromium as root in a container: no sandbox, no GPU, nothing that phones home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--headless", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def result() -> dict:
    return grade_path(ROOT / "demo" / "course" / "submitted" / STUDENT / "layer" / "layer.ipynb", "layer").to_gradescope()


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1100, "height": 900}, offline=True)
        try:
            yield context.new_page()
        finally:
            context.close()


def test_feedback_page_in_chromium(result, browser_page, tmp_path):
    path = tmp_path / "layer.html"
    path.write_text(render_page(result, STUDENT, "layer"), encoding="utf-8")
    requests, errors = [], []
    browser_page.on("request", lambda request: requests.append(request.url))
    browser_page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    browser_page.on("pageerror", lambda error: errors.append(str(error)))

    browser_page.goto(path.as_uri(), wait_until="load")

    assert browser_page.title() == f"layer: feedback for {STUDENT}"
    score = browser_page.locator("#score")
    assert score.is_visible()
    assert score.inner_text().startswith(f"{round(result['score'], 2):g} / 25 points")  # shown to 2 decimals
    failed = [t for t in result["tests"] if t["status"] == "failed"]
    assert failed
    findings = SuiteResult.from_gradescope(result).findings()
    mistakes = browser_page.locator("#mistakes li")
    assert mistakes.count() == len(findings) > 0
    for number, finding in enumerate(findings, 1):
        shown = browser_page.locator(f"#mistake-{number}")
        assert shown.is_visible()
        assert finding.diagnosis in shown.inner_text()  # the text a learner reads, entities decoded
    for test in failed:
        row = browser_page.locator(f"#check-{test['name']}")
        assert row.is_visible()
        assert "see mistake" in row.inner_text()
    # a failed check's link jumps to its mistake
    first = next(n for n, finding in enumerate(findings, 1) if failed[0]["name"] in finding.tests)
    browser_page.locator(f"#check-{failed[0]['name']} a").first.click()
    assert browser_page.url.endswith(f"#mistake-{first}")
    images = browser_page.locator("img")
    assert images.count() == 1
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        assert image.is_visible()
        loaded = image.evaluate("img => [img.complete, img.naturalWidth, img.naturalHeight]")
        assert loaded[0] and loaded[1] > 0 and loaded[2] > 0, loaded
        box = image.bounding_box()
        assert box["width"] > 500 and box["height"] > 300  # drawn at a readable size, not squashed
    # nothing but the page itself and its data: URIs was requested
    assert all(url.startswith(("file://", "data:")) for url in requests), requests
    assert not errors, errors

    screenshot = tmp_path / "feedback.png"
    browser_page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 50_000  # a page with text and a figure, not a blank one
    SCREENSHOT_KEPT.parent.mkdir(exist_ok=True)
    shutil.copyfile(screenshot, SCREENSHOT_KEPT)


def test_learner_output_is_text_not_markup_in_chromium(browser_page, tmp_path):
    """What a learner printed shows as the characters they printed; no tag of it becomes an element."""
    printed = '<script>document.title = "owned"</script><img id="injected" src="x.png"></pre><b>bold</b>'
    result = {"score": 0, "max_score": 1, "output": f"Your code printed:\n{printed}", "tests": [
        {"name": "test_forward", "score": 0, "max_score": 1, "output": "forward returned <None>.", "status": "failed",
         "extra_data": {"cases": [{"case": "", "passed": False, "diagnosis": "forward returned <None>.", "measurements": []}]}}]}
    path = tmp_path / "layer.html"
    path.write_text(render_page(json.loads(json.dumps(result)), "eve", "layer"), encoding="utf-8")
    browser_page.goto(path.as_uri(), wait_until="load")
    assert browser_page.title() == "layer: feedback for eve"
    assert browser_page.locator("#injected").count() == 0 and browser_page.locator("main b").count() == 0
    assert printed in browser_page.locator("#output pre").inner_text()
    assert "forward returned <None>." in browser_page.locator("#mistake-1").inner_text()
    assert "see mistake 1" in browser_page.locator("#check-test_forward").inner_text()
