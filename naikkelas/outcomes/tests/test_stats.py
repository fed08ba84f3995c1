"""The statistics checked against an independent computation with numpy on fixed data."""

import math
import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from naikkelas.outcomes import stats

RNG = random.Random(7)
TREATED = [(b, b * RNG.uniform(1.0, 2.6)) for b in (RNG.lognormvariate(16, 0.6) for _ in range(60))]
CONTROL = [(b, b * RNG.uniform(0.9, 1.5)) for b in (RNG.lognormvariate(16, 0.6) for _ in range(45))]


def growths(pairs):  # type: ignore[no-untyped-def]
    return [stats.log_growth(b, a) for b, a in pairs]


def test_difference_in_differences_matches_numpy() -> None:
    estimate = stats.difference_in_differences(growths(TREATED), growths(CONTROL), replicates=2000, seed=11)
    t = np.log1p(np.array([a for _b, a in TREATED])) - np.log1p(np.array([b for b, _a in TREATED]))
    c = np.log1p(np.array([a for _b, a in CONTROL])) - np.log1p(np.array([b for b, _a in CONTROL]))
    assert estimate.effect == pytest.approx(t.mean() - c.mean(), rel=1e-12)
    welch = math.sqrt(t.var(ddof=1) / len(t) + c.var(ddof=1) / len(c))
    assert estimate.se == pytest.approx(welch, rel=1e-12)
    # the same regression form: growth ~ 1 + treated gives the same coefficient
    x = np.column_stack([np.ones(len(t) + len(c)), np.r_[np.ones(len(t)), np.zeros(len(c))]])
    beta, *_ = np.linalg.lstsq(x, np.r_[t, c], rcond=None)
    assert estimate.effect == pytest.approx(beta[1], rel=1e-10)
    # the bootstrap interval is reproducible, brackets the estimate, and is about ±1.96 SE wide
    again = stats.difference_in_differences(growths(TREATED), growths(CONTROL), replicates=2000, seed=11)
    assert (again.ci_low, again.ci_high) == (estimate.ci_low, estimate.ci_high)
    assert estimate.ci_low < estimate.effect < estimate.ci_high
    assert (estimate.ci_high - estimate.ci_low) == pytest.approx(2 * 1.96 * welch, rel=0.15)
    # an independent bootstrap with numpy's generator lands on nearly the same interval
    generator = np.random.default_rng(11)
    draws = [generator.choice(t, len(t)).mean() - generator.choice(c, len(c)).mean() for _ in range(4000)]
    low, high = np.percentile(draws, [2.5, 97.5])
    assert estimate.ci_low == pytest.approx(low, abs=0.25 * welch)
    assert estimate.ci_high == pytest.approx(high, abs=0.25 * welch)


def test_the_interval_does_not_depend_on_the_order_of_the_rows() -> None:
    """The database returns rows in no promised order; the same cohort must give the same interval."""
    treated, control = growths(TREATED), growths(CONTROL)
    first = stats.difference_in_differences(treated, control, replicates=500, seed=3)
    shuffled_t, shuffled_c = treated[:], control[:]
    random.Random(99).shuffle(shuffled_t)
    random.Random(98).shuffle(shuffled_c)
    second = stats.difference_in_differences(shuffled_t, shuffled_c, replicates=500, seed=3)
    assert (second.effect, second.ci_low, second.ci_high) == pytest.approx(
        (first.effect, first.ci_low, first.ci_high), rel=1e-12
    )


def test_ancova_matches_numpy_least_squares_with_a_robust_error() -> None:
    coefficient, se = stats.ancova(TREATED, CONTROL)
    pairs = TREATED + CONTROL
    flag = np.r_[np.ones(len(TREATED)), np.zeros(len(CONTROL))]
    x = np.column_stack([np.ones(len(pairs)), flag, np.log1p([b for b, _a in pairs])])
    y = np.log1p([a for _b, a in pairs])
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    residuals = y - x @ beta
    bread = np.linalg.inv(x.T @ x)  # HC1: White's sandwich times n / (n − k)
    covariance = bread @ (x.T * residuals**2) @ x @ bread * len(y) / (len(y) - 3)
    assert coefficient == pytest.approx(beta[1], rel=1e-9)
    assert se == pytest.approx(math.sqrt(covariance[1, 1]), rel=1e-9)


def test_percentile_and_winsorizing_match_numpy() -> None:
    values = [RNG.gauss(0, 1) for _ in range(101)] + [50.0, -40.0]
    for q in (0, 1, 2.5, 50, 97.5, 99, 100):
        assert stats.percentile(values, q) == pytest.approx(float(np.percentile(values, q)), rel=1e-12)
    clipped = stats.winsorize(values, 1, 99)
    assert max(clipped) == pytest.approx(float(np.percentile(values, 99)))
    assert min(clipped) == pytest.approx(float(np.percentile(values, 1)))
    low, high = float(np.percentile(values, 1)), float(np.percentile(values, 99))
    assert all(w == v for v, w in zip(values, clipped, strict=True) if low <= v <= high)  # inside: unchanged
    assert sum(1 for v, w in zip(values, clipped, strict=True) if v != w) >= 2


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=50), st.floats(0, 100))
def test_percentiles_lie_within_the_data(values: list[float], q: float) -> None:
    p = stats.percentile(values, q)
    assert min(values) - 1e-6 <= p <= max(values) + 1e-6


def test_a_percent_effect_is_exp_minus_one() -> None:
    estimate = stats.Estimate(math.log(1.5), 0.1, math.log(1.2), math.log(1.8), 10, 10)
    assert estimate.percent == pytest.approx(50.0)
    assert (estimate.percent_low, estimate.percent_high) == (pytest.approx(20.0), pytest.approx(80.0))


def test_too_small_groups_are_refused() -> None:
    with pytest.raises(ValueError):
        stats.difference_in_differences([0.1], [0.2, 0.3])


def test_large_groups_are_resampled_m_out_of_n_with_the_same_interval_width() -> None:
    rng = random.Random(3)
    treated = [rng.gauss(0.4, 0.5) for _ in range(30_000)]
    control = [rng.gauss(0.1, 0.5) for _ in range(25_000)]
    estimate = stats.difference_in_differences(treated, control, replicates=400, seed=5, max_resample=2_000)
    assert estimate.effect == pytest.approx(np.mean(treated) - np.mean(control), rel=1e-9)
    half_width = (estimate.ci_high - estimate.ci_low) / 2
    assert half_width == pytest.approx(1.96 * estimate.se, rel=0.15)
    assert estimate.ci_low < estimate.effect < estimate.ci_high
