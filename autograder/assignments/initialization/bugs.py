"""The variances that typical mistakes of init_weights give, so that a failed scale check can name
the mistake. Each rule is (what the learner did, Var(w) as a function of input_size and
output_size); the suite names the first rule that the measured second moments fit at every size.
"""

from __future__ import annotations

from collections.abc import Callable

VarianceRule = tuple[str, Callable[[int, int], float]]

VARIANCE_RULES: list[VarianceRule] = [
    ("1/n (Xavier)", lambda i, o: 1 / i),
    ("2/n (He)", lambda i, o: 2 / i),
    ("2/(n_in + n_out) (Glorot's average of fan-in and fan-out)", lambda i, o: 2 / (i + o)),
    ("1/output_size (the fan-out instead of the fan-in)", lambda i, o: 1 / o),
    ("2/output_size (the fan-out instead of the fan-in)", lambda i, o: 2 / o),
    ("1/(3n) (a uniform draw on [-sqrt(1/n), sqrt(1/n)]; the limit must be sqrt(3/n))", lambda i, o: 1 / (3 * i)),
    ("2/(3n) (a uniform draw on [-sqrt(2/n), sqrt(2/n)]; the limit must be sqrt(6/n))", lambda i, o: 2 / (3 * i)),
    ("6/n (a normal draw whose standard deviation is sqrt(6/n), the limit of He's uniform draw; "
     "a normal draw needs sqrt(2/n))", lambda i, o: 6 / i),
    ("4/n (the standard deviation doubled, sqrt(1/n) * 2, instead of the variance)", lambda i, o: 4 / i),
    ("1/n^2 (the standard deviation is 1/n instead of sqrt(1/n))", lambda i, o: 1 / i**2),
    ("4/n^2 (the standard deviation is 2/n instead of sqrt(2/n))", lambda i, o: 4 / i**2),
    ("1/(12n) (rng.random() - 0.5 is uniform on [-0.5, 0.5), variance 1/12, before your scaling)", lambda i, o: 1 / (12 * i)),
    ("2/(12n) (rng.random() - 0.5 is uniform on [-0.5, 0.5), variance 1/12, before your scaling)", lambda i, o: 2 / (12 * i)),
    ("1 (no scaling at all; and rng.normal(a) draws around the mean a with standard deviation 1: the standard "
     "deviation is its second argument)", lambda i, o: 1.0),
    ("1/3 (a uniform draw on [-1, 1] without scaling)", lambda i, o: 1 / 3),
]
