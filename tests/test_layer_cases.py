"""The layer suite's cases are fresh every run and keep, in every run, the properties the suite needs.

The numbers come from the run's secret seed (autograder/assignments/layer/cases.py); these tests
draw many seeds and assert what the suite relies on: kinks avoided, a learning rate no update
mistake can imitate, every bug model visible, update mistakes never confused with gradient
mistakes, the worked example's shape, init sizes that show a transposed W.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.assignments.layer import cases
from autograder.assignments.layer.bugs import BUGS, FIXED_RATES, same_values, simulate
from autograder.context import GradingContext

SEEDS = range(300)


def run_cases(seed: int) -> dict:
    return cases.draw_all(GradingContext(seed=seed).rng)


@pytest.fixture(scope="module")
def many_runs() -> list[dict]:
    return [run_cases(seed) for seed in SEEDS]


def test_same_seed_same_cases_other_seed_other_numbers():
    first, replay, other = run_cases(1), run_cases(1), run_cases(2)
    for label, case in first.items():
        assert all(np.array_equal(x, y) for x, y in zip(case.batches, replay[label].batches))
        assert case.learning_rate == replay[label].learning_rate
        if label == cases.WORKED_EXAMPLE.name:
            assert other[label] is case  # the notebook's printed example, on purpose
            continue
        for name in ("W", "dA"):
            assert not np.allclose(getattr(case, name), getattr(other[label], name)), (label, name)
        assert not any(np.allclose(x, y) for x, y in zip(case.batches, other[label].batches))
        assert case.learning_rate != other[label].learning_rate


def test_every_drawn_case_keeps_its_properties(many_runs):
    plans = {plan.name: plan for plan in (*cases.PLANS, *cases.LATEST_PLANS, cases.WORKED_PLAN)}
    for run in many_runs:
        for label, plan in plans.items():
            case = run[label]
            assert case.W.shape == (plan.n_out, plan.n_in) and case.b.shape == (plan.n_out, 1)
            assert tuple(X.shape for X in case.batches) == tuple((plan.n_in, m) for m in plan.batch_sizes)
            assert case.dA.shape == (plan.n_out, plan.batch_sizes[-1])
            Z = np.concatenate([case.W @ X + case.b for X in case.batches], axis=1)
            assert np.min(np.abs(Z)) >= cases.KINK_MARGIN and np.max(np.abs(Z)) < cases.Z_LIMIT
            rate = case.learning_rate
            assert cases.RATE_RANGE[0] <= rate <= cases.RATE_RANGE[1]
            assert all(abs(rate - fixed) > cases.RATE_MARGIN * max(rate, fixed) for fixed in FIXED_RATES)
            assert cases.distinctive_rate(plan, rate)
            last = case.W @ case.A_prev + case.b
            if plan.one_on_one_off:
                assert last[0, 0] >= cases.KINK_MARGIN and last[1, 0] <= -cases.KINK_MARGIN
                assert np.all(case.b == 0)
            elif plan.activation in ("relu", "leaky_relu"):
                assert np.all((last > 0).any(axis=1)) and np.all((last < 0).any(axis=1))
                assert np.any((last > 0) != (case.W @ case.A_prev > 0))  # the bias switches a neuron


def test_each_plan_is_drawn_with_few_redraws():
    """MAX_DRAWS is never reached: the numbers and the rate each succeed with probability 0.05 or
    more per draw, so all MAX_DRAWS fail with probability 0.95^10000 = e^-513."""
    rng = np.random.default_rng(0)
    draws = 2000
    for plan in (*cases.PLANS, *cases.LATEST_PLANS, cases.WORKED_PLAN):
        numbers = rates = 0
        for _ in range(draws):
            W = rng.standard_normal((plan.n_out, plan.n_in)) / np.sqrt(plan.n_in)
            b = 0.5 * rng.standard_normal((plan.n_out, 1)) if plan.bias else np.zeros((plan.n_out, 1))
            batches = [rng.standard_normal((plan.n_in, m)) for m in plan.batch_sizes]
            Z = np.concatenate([W @ X + b for X in batches], axis=1)
            numbers += cases.kinks_avoided(Z) and cases.both_sides_of_the_kink(plan, W @ batches[-1] + b,
                                                                               W @ batches[-1])
            rates += cases.distinctive_rate(plan, float(np.exp(rng.uniform(*np.log(cases.RATE_RANGE)))))
        assert numbers / draws >= 0.05 and rates / draws >= 0.05, (plan.name, numbers / draws, rates / draws)


def test_every_bug_model_shows_in_every_run(many_runs):
    for run in many_runs[:40]:
        for bug in BUGS:
            assert any(
                simulate(case, bug.maths)[name] is not None and not same_values(simulate(case, bug.maths)[name], value)
                for case in run.values() for name, value in simulate(case).items()
            ), f"'{bug.name}' is invisible in the run of one seed"


def test_what_each_bug_model_shows_is_the_same_in_every_run(many_runs):
    """A layer with one of the known mistakes loses the same items in every run: for each case label,
    each bug model changes the same observables whatever the seed (fresh numbers never hide a
    mistake in one run and show it in the next)."""
    from autograder.assignments.layer.bugs import OBSERVABLES

    def shown(case, bug) -> tuple[bool, ...]:
        truth, predicted = simulate(case), simulate(case, bug.maths)
        return tuple((predicted[name] is None) != (truth[name] is None) or
                     (predicted[name] is not None and not same_values(predicted[name], truth[name]))
                     for name in OBSERVABLES)

    first = {(label, bug.name): shown(case, bug) for label, case in many_runs[0].items() for bug in BUGS}
    for run in many_runs[1:100]:
        for label, case in run.items():
            for bug in BUGS:
                assert shown(case, bug) == first[label, bug.name], (label, bug.name)


def test_update_mistakes_never_look_like_gradient_mistakes(many_runs):
    """The gradient items forgive a bug that `spares_gradient`, so none may mimic a real gradient bug."""
    sparing = [bug for bug in BUGS if bug.spares_gradient]
    others = [bug for bug in BUGS if not bug.spares_gradient]
    for run in many_runs[:40]:
        for plan in cases.PLANS:
            case = run[plan.name]
            truth = simulate(case)
            for update_bug in sparing:
                spared = simulate(case, update_bug.maths)
                assert not same_values(spared["dW"], truth["dW"]), f"{update_bug.name} is invisible in {case.name}"
                for gradient_bug in others:
                    predicted = simulate(case, gradient_bug.maths)
                    assert not (same_values(predicted["dW"], spared["dW"]) and same_values(predicted["db"], spared["db"])), (
                        f"in {case.name}, '{gradient_bug.name}' and '{update_bug.name}' change W and b identically")


def test_init_sizes_show_a_transposed_W():
    for seed in SEEDS:
        context = GradingContext(seed=seed)
        sizes = {kind: cases.draw_init_sizes(kind, context.rng("init", kind)) for kind in cases.INIT_KINDS}
        n_in, n_out = sizes["more-inputs"]
        assert n_in > n_out >= 2
        n_in, n_out = sizes["more-outputs"]
        assert n_out > n_in >= 2
        n_in, n_out = sizes["square"]
        assert n_in == n_out >= 2
        n_in, n_out = sizes["one-output"]
        assert n_out == 1 and n_in >= 2
