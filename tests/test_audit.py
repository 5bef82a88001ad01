"""`nnkit audit`: mutants of every kind the issue names, real grading, and a suite weakened on
purpose whose blind spot the audit must report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from autograder.registry import known
from nnkit.audit.mutants import mutants
from nnkit.audit.reference import reference_program

ROOT = Path(__file__).resolve().parents[1]
KINDS = {"operator swap", "augmented assignment swap", "axis", "keepdims", "transpose added", "transpose removed",
         "swapped attribute", "function vs derivative", "statement deleted", "statements swapped", "constant",
         "return value", "swapped argument", "input changed in place"}


def run_nnkit(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([sys.executable, "-m", "nnkit.cli", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=timeout)


def test_the_mutants_model_the_mistakes_learners_make():
    found = Counter()
    for name in known():
        reference = reference_program(ROOT / "source" / name / f"{name}.ipynb")
        baseline, programs = mutants(reference)
        assert programs, name
        for mutant in programs:
            compile(mutant.source, f"<{name} mutant {mutant.number}>", "exec")
            assert mutant.source != baseline
            assert mutant.line in reference.learner_lines, f"{mutant} changes a line the learner does not write"
        found.update(m.operator for m in programs)
    assert KINDS - set(found) <= {"augmented assignment swap", "input changed in place"}, KINDS - set(found)
    layer = mutants(reference_program(ROOT / "source" / "layer" / "layer.ipynb"))[1]
    assert len(layer) >= 100
    assert any("np.sqrt(1.0 / output_size)" in m.source for m in layer)  # init scale from the wrong dimension
    assert any("(dZ @ self.A_prev.T).T" in m.source for m in layer)  # transposed dW
    assert any("self.Z" in m.description and "self.A" in m.description for m in layer)  # swapped caches


def test_max_takes_every_kind_of_mistake():
    reference = reference_program(ROOT / "source" / "layer" / "layer.ipynb")
    everything = Counter(m.operator for m in mutants(reference)[1])
    some = Counter(m.operator for m in mutants(reference, limit=len(everything))[1])
    assert set(some) == set(everything)


# A suite weakened on purpose: square layers only, and it checks only the shapes of what backward
# changes. A transposed dW has the right shape on a square layer, so it passes this suite.
WEAK_SUITE = '''
import numpy as np
import pytest

from autograder.checks import fail, points
from autograder.learner import Fn


@points(2)
@pytest.mark.parametrize("n", [2, 3])
def test_square_layer_shapes(learner, grading, n):
    rng = grading.rng("square", n)
    learner.call("Layer", n, n, Fn("tanh"), Fn("tanh_derivative"), store="L")
    W = rng.standard_normal((n, n))
    learner.set("@L.W", W)
    A = learner.call("@L.forward", rng.standard_normal((n, 4)))
    if np.shape(A) != (n, 4):
        fail("forward has the wrong shape")
    dA_prev = learner.call("@L.backward", rng.standard_normal((n, 4)), 0.1)
    if np.shape(dA_prev) != (n, 4) or np.shape(learner.get("@L.W")) != (n, n):
        fail("backward has the wrong shape")
    if np.allclose(learner.get("@L.W"), W):
        fail("backward did not update W")
'''


@pytest.mark.slow
def test_a_weakened_suite_shows_the_transposed_dW_it_lets_through(tmp_path):
    folder = tmp_path / "layer"  # named like the assignment, so the kit's source notebook is its reference
    folder.mkdir()
    (folder / "suite.py").write_text(textwrap.dedent(WEAK_SUITE), encoding="utf-8")
    report = tmp_path / "audit.json"
    done = run_nnkit("audit", str(folder), "--json", str(report), "--workers", "2", "--seed", "7")
    assert done.returncode == 0, done.stderr
    audit = json.loads(report.read_text())
    weak = [w for w in audit["weaknesses"] if "(dZ @ self.A_prev.T).T" in w["diff"]]
    assert weak, f"the transposed dW is not among the weaknesses: {[w['description'] for w in audit['weaknesses']]}"
    assert weak[0]["differs_at"]  # it behaves differently: a weakness, not an equivalent program
    assert audit["score"] < 0.8
    assert "mutation score" in done.stdout


# The kit's own suites must kill at least this share of the mutants that are not equivalent.
# CI grades a spread of 80 mutants each (every kind of mistake is represented) on a fixed seed, so
# a red run can be replayed; `nnkit audit NAME` grades them all (see the README's scores).
MINIMUM_SCORE = {"activations": 0.9, "gradcheck": 0.95, "initialization": 0.85, "layer": 0.95, "network": 0.9,
                 "training": 0.85}
CI_MUTANTS, CI_SEED = "80", "20261201"


def test_every_assignment_has_a_stated_minimum():
    assert set(MINIMUM_SCORE) >= set(known()), set(known()) - set(MINIMUM_SCORE)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(known()))
def test_the_kit_audits_its_own_suites(name, tmp_path):
    report = tmp_path / f"{name}.json"
    done = run_nnkit("audit", name, "--json", str(report), "--workers", "2", "--max", CI_MUTANTS, "--seed", CI_SEED,
                     "--minimum", str(MINIMUM_SCORE[name]))
    audit = json.loads(report.read_text()) if report.exists() else {}
    assert done.returncode == 0, (f"{name}: {done.stderr}\n" + "\n".join(
        f"survived: {w['operator']} {w['description']}" for w in audit.get("weaknesses", [])))
    assert audit["mutants"] >= 50 and not audit["grader_errors"], audit["grader_errors"]
