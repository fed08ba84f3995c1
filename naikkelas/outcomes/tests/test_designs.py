"""Each design recovers the effect planted in synthetic programs (fixed seeds); the naive comparison
does not; below the minimum group size no design gives an estimate."""

import math

import numpy as np
import pytest

from naikkelas.outcomes import designs, simulate

TRUTH = simulate.PLANTED


def test_the_simulation_is_reproducible_and_has_what_the_issue_names() -> None:
    first, again = simulate.program(3), simulate.program(3)
    assert first == again
    offered = [u for u in first if u.offered]
    assert len(offered) == 12 * 30
    assert all(u.score is not None and u.score >= 0 for u in offered)  # the cutoff is the last selected
    assert sum(1 for u in first if not u.offered and u.score == 0) >= 0
    answered_offered = np.mean([u.y1 is not None for u in offered])
    answered_others = np.mean([u.y1 is not None for u in first if not u.offered])
    assert answered_offered > 0.75 and answered_others < 0.55  # participants answer more
    assert any(not u.completed for u in offered) and any(u.went_on for u in offered)
    # selection on the score: those offered grew faster before any effect, so the naive gap is large
    grew = {
        flag: np.mean([u.growth for u in first if u.offered == flag and u.growth is not None])
        for flag in (True, False)
    }
    assert grew[True] - grew[False] > 2 * TRUTH


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_rd_and_itt_cover_the_planted_effect_the_naive_comparison_does_not(seed: int) -> None:
    units = simulate.program(seed)
    found = designs.rd(units)
    assert found.estimate is not None and found.estimate.ci_low <= TRUTH <= found.estimate.ci_high
    assert found.estimate.method == "wild_cluster" and found.estimate.clusters == 12
    assert found.bounds is not None and found.bounds[0] <= found.estimate.estimate <= found.bounds[1]
    assert set(found.details["sensitivity"]) == {"half", "double", "donut"}
    assert found.details["density"].p_value > 0.01
    offer = designs.itt(units)
    assert offer.estimate is not None and offer.estimate.ci_low <= TRUTH <= offer.estimate.ci_high
    assert offer.details["per_completer"].estimate > offer.estimate.estimate  # not everyone offered completed
    naive = designs.naive(units, replicates=300)
    assert naive.estimate is not None and naive.estimate.ci_low > TRUTH  # biased upwards, interval misses
    assert designs.grade(naive) == ("D", ["selection_on_score"])


def test_on_average_over_fixed_seeds_the_rd_is_unbiased_and_the_naive_is_not() -> None:
    rd = [designs.rd(simulate.program(seed), sensitivity=False).estimate for seed in range(100, 140)]
    naive = [designs.naive(simulate.program(seed), replicates=100).estimate for seed in range(100, 140)]
    rd_mean = np.mean([e.estimate for e in rd if e is not None])
    naive_mean = np.mean([e.estimate for e in naive if e is not None])
    # within three standard errors of a mean of 40 estimates (each program's own error ≈ 0.11)
    rd_se = np.mean([e.se for e in rd if e is not None]) / math.sqrt(len(rd))
    assert abs(rd_mean - TRUTH) < 3 * rd_se
    assert naive_mean - TRUTH > 0.1


def test_below_the_minimum_group_size_there_is_no_estimate_only_why() -> None:
    small = simulate.program(1, simulate.Setting(batches=2, applicants=20, seats=8))
    for result in (designs.rd(small), designs.itt(small), designs.naive(small)):
        assert result.estimate is None and result.bounds is None and "too_small" in result.warnings
        assert designs.grade(result) == ("–", ["no_estimate"])


def test_the_grade_names_its_reasons() -> None:
    units = simulate.program(2)
    found = designs.rd(units)
    letter, reasons = designs.grade(found)
    assert letter == designs.GRADES[min(len(reasons), 3)]  # one step down per reason
    # the MDE is part of the reasons when the sample cannot see the 5–10 % the literature expects
    assert ("underpowered" in reasons) == (found.mde is not None and found.mde > 2 * designs.EXPECTED_EFFECT)
    assert math.isfinite(found.mde or math.nan)


def test_survival_is_estimated_like_turnover_and_matches_an_independent_least_squares_fit() -> None:
    """Closed firms answered (0), those with figures survived (1), the rest did not answer; the ITT on
    that outcome is the offer's coefficient in 1 + Z + r + Z·r over those who answered (numpy lstsq)."""
    units = simulate.program(7)
    alive = designs.survival(units)
    assert sum(u.closed for u in units) > 0
    assert all(a.growth == 0.0 for u, a in zip(units, alive, strict=True) if u.closed)
    assert all(a.growth == 1.0 for u, a in zip(units, alive, strict=True) if u.y1 is not None)
    found = designs.itt(alive)
    assert found.estimate is not None
    kept = [u for u in alive if u.growth is not None]
    z = np.array([1.0 if u.offered else 0.0 for u in kept])
    r = np.array([u.score for u in kept], dtype=float)
    x = np.column_stack([np.ones(len(z)), z, r, z * r])
    beta = np.linalg.lstsq(x, np.array([u.growth for u in kept]), rcond=None)[0]
    assert found.estimate.estimate == pytest.approx(beta[1], abs=1e-10)
    closed = found.details["closed"]
    assert closed["offered"] + closed["not_offered"] == sum(u.closed for u in units)
    # on turnover the closed are not answers: they have no figures
    turnover = designs.itt(units)
    assert turnover.groups["offered"][1] == sum(1 for u in units if u.offered and u.y1 is not None)


def test_the_pre_trend_placebo_and_mean_reversion_match_independent_numpy_fits() -> None:
    """Growth before applying as the outcome: the ITT is the offer's coefficient of a numpy fit on it;
    the mean-reversion slope is np.polyfit's slope of growth after on growth before."""
    from dataclasses import replace

    rng = np.random.default_rng(11)
    units = [replace(u, y_pre=u.y0 * math.exp(-rng.normal(0.02, 0.1))) for u in simulate.program(5)]
    placebo = designs.itt(designs.pre_trend(units))
    assert placebo.estimate is not None
    kept = [u for u in units if u.y_pre is not None]
    z = np.array([1.0 if u.offered else 0.0 for u in kept])
    r = np.array([u.score for u in kept], dtype=float)
    pre = np.array([math.log1p(u.y0) - math.log1p(u.y_pre) for u in kept])  # type: ignore[arg-type]
    beta = np.linalg.lstsq(np.column_stack([np.ones(len(z)), z, r, z * r]), pre, rcond=None)[0]
    assert placebo.estimate.estimate == pytest.approx(beta[1], abs=1e-10)
    assert placebo.estimate.ci_low < 0 < placebo.estimate.ci_high  # no pre-trend was planted
    slope, n = designs.mean_reversion(units)  # type: ignore[misc]
    both = [u for u in units if u.growth is not None]
    x = np.array([math.log1p(u.y0) - math.log1p(u.y_pre) for u in both])  # type: ignore[arg-type]
    expected = np.polyfit(x, np.array([u.growth for u in both], dtype=float), 1)[0]
    assert n == len(both) and slope == pytest.approx(expected, rel=1e-9)
    assert designs.mean_reversion([replace(u, y_pre=None) for u in units]) is None


def test_the_rupiah_estimate_is_the_offer_coefficient_on_the_change_in_rupiah() -> None:
    units = simulate.program(9)
    found = designs.itt(designs.levels(units))
    assert found.estimate is not None
    kept = [u for u in units if u.y1 is not None]
    z = np.array([1.0 if u.offered else 0.0 for u in kept])
    r = np.array([u.score for u in kept], dtype=float)
    change = np.array([u.y1 - u.y0 for u in kept])  # type: ignore[operator]
    beta = np.linalg.lstsq(np.column_stack([np.ones(len(z)), z, r, z * r]), change, rcond=None)[0]
    assert found.estimate.estimate == pytest.approx(beta[1], rel=1e-9)
    assert found.estimate.ci_low < found.estimate.estimate < found.estimate.ci_high


def test_the_completion_effect_is_two_stage_least_squares_with_its_own_error() -> None:
    """θ and its HC1 error against a numpy 2SLS: X = [1, D, r, Z·r] instrumented by W = [1, Z, r, Z·r]."""
    units = simulate.program(4, simulate.Setting(batches=3))  # 3 batches: HC1, no clustering
    found = designs.itt(units)
    assert found.estimate is not None and found.estimate.method == "hc1"
    theta = found.details["per_completer"]
    kept = [u for u in units if u.y1 is not None]
    z = np.array([1.0 if u.offered else 0.0 for u in kept])
    d = np.array([1.0 if u.completed else 0.0 for u in kept])
    r = np.array([u.score for u in kept], dtype=float)
    y = np.array([u.growth for u in kept], dtype=float)
    w = np.column_stack([np.ones(len(z)), z, r, z * r])
    x = np.column_stack([np.ones(len(z)), d, r, z * r])
    beta = np.linalg.solve(w.T @ x, w.T @ y)
    u = y - x @ beta
    bread = np.linalg.inv(w.T @ x)
    meat = (w * u[:, None]).T @ (w * u[:, None])
    n, k = x.shape
    variance = bread @ meat @ bread.T * n / (n - k)
    assert theta.estimate == pytest.approx(beta[1], rel=1e-9)
    assert theta.se == pytest.approx(math.sqrt(variance[1, 1]), rel=1e-9)
    assert theta.ci_low < theta.estimate < theta.ci_high and theta.se > found.estimate.se


def test_the_pooled_ancova_across_rounds_matches_a_numpy_fit_with_cluster_robust_errors() -> None:
    """Two rounds of the same applicants (the 12-month figures 5 % above the 6-month ones): the offer's
    coefficient with round dummies, and its CR1 error by batch computed by hand."""
    from dataclasses import replace

    six = simulate.program(8, simulate.Setting(batches=30))
    twelve = [replace(u, y1=None if u.y1 is None else u.y1 * 1.05) for u in six]
    found = designs.pooled([(6, six), (12, twelve)])
    assert found.estimate is not None and found.estimate.method == "cluster" and found.estimate.clusters == 30
    rows = [(k, u) for k, units in ((6, six), (12, twelve)) for u in units if u.y1 is not None]
    z = np.array([1.0 if u.offered else 0.0 for _k, u in rows])
    r = np.array([u.score for _k, u in rows], dtype=float)
    x = np.column_stack([np.ones(len(rows)), z, np.log1p([u.y0 for _k, u in rows]), r, z * r,
                         [1.0 if k == 12 else 0.0 for k, _u in rows]])  # fmt: skip
    y = np.log1p([u.y1 for _k, u in rows])  # type: ignore[arg-type]
    beta = np.linalg.lstsq(x, y, rcond=None)[0]
    e = y - x @ beta
    bread = np.linalg.inv(x.T @ x)
    clusters = np.array([u.cluster for _k, u in rows])
    meat = sum(
        np.outer(x[clusters == g].T @ e[clusters == g], x[clusters == g].T @ e[clusters == g])
        for g in range(30)
    )
    n, k = x.shape
    variance = bread @ meat @ bread * 30 / 29 * (n - 1) / (n - k)
    assert found.estimate.estimate == pytest.approx(beta[1], rel=1e-9)
    assert found.estimate.se == pytest.approx(math.sqrt(variance[1, 1]), rel=1e-9)
    assert found.estimate.ci_low <= simulate.PLANTED <= found.estimate.ci_high


def test_the_naive_comparison_splits_graduates_who_stopped_from_those_who_went_on() -> None:
    units = simulate.program(2)
    found = designs.naive(units, replicates=200)
    others = [u.growth for u in units if not u.offered and u.growth is not None]
    for name, flag in (("level_only", False), ("went_on", True)):
        part = [u.growth for u in units if u.completed and u.went_on == flag and u.growth is not None]
        assert found.details[name].estimate == pytest.approx(np.mean(part) - np.mean(others), rel=1e-12)
    # those who went on were the high scorers: their plain gap is the larger, through the score alone
    assert found.details["went_on"].estimate > found.details["level_only"].estimate
