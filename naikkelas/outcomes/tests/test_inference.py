"""The honest-inference estimators against independent numpy computations on fixed data: clustered and
robust errors by their textbook sandwich formulas, the RD as two separate weighted fits, Lee bounds by
sorting and cutting, the MDE by the normal power it promises."""

import math
import random

import numpy as np
import pytest

from naikkelas.outcomes import stats

RNG = np.random.default_rng(42)
N, G = 600, 40
groups = RNG.integers(0, G, N)
X1 = RNG.normal(size=N)
D = (RNG.random(N) < 0.5).astype(float)
Y = 0.3 + 0.2 * D + 0.5 * X1 + RNG.normal(0, 0.3, G)[groups] + RNG.normal(0, 1 + 0.5 * np.abs(X1), N)
X = np.column_stack([np.ones(N), D, X1])


def _bread_and_residuals(x: np.ndarray, y: np.ndarray, w: np.ndarray | None = None):  # type: ignore[no-untyped-def]
    w = np.ones(len(y)) if w is None else w
    inverse = np.linalg.inv(x.T @ np.diag(w) @ x)
    beta = inverse @ x.T @ np.diag(w) @ y
    return inverse, beta, y - x @ beta


def test_cluster_robust_covariance_is_the_cr1_sandwich() -> None:
    beta, covariance = stats.robust_fit(X, Y, clusters=groups)
    inverse, expected_beta, e = _bread_and_residuals(X, Y)
    meat = np.zeros((3, 3))
    for g in range(G):  # one cluster at a time, the textbook way
        rows = groups == g
        s = X[rows].T @ e[rows]
        meat += np.outer(s, s)
    factor = G / (G - 1) * (N - 1) / (N - 3)
    assert beta == pytest.approx(expected_beta, rel=1e-10)
    assert covariance == pytest.approx(factor * inverse @ meat @ inverse, rel=1e-9)
    # clustering matters here: the shared shock makes the clustered error larger than HC1's for the constant
    _beta, hc1 = stats.robust_fit(X, Y)
    assert covariance[0, 0] > hc1[0, 0]


def test_hc1_is_white_with_the_small_sample_factor() -> None:
    _beta, covariance = stats.robust_fit(X, Y)
    inverse, _b, e = _bread_and_residuals(X, Y)
    white = inverse @ (X.T * e**2) @ X @ inverse
    assert covariance == pytest.approx(white * N / (N - 3), rel=1e-9)


def test_weighted_cluster_covariance_matches_the_whitened_sandwich() -> None:
    w = RNG.uniform(0.1, 1, N)
    _beta, covariance = stats.robust_fit(X, Y, weights=w, clusters=groups)
    inverse, _b, e = _bread_and_residuals(X, Y, w)
    meat = sum(
        np.outer(X[groups == g].T @ (w * e)[groups == g], X[groups == g].T @ (w * e)[groups == g])
        for g in range(G)
    )
    assert covariance == pytest.approx(G / (G - 1) * (N - 1) / (N - 3) * inverse @ meat @ inverse, rel=1e-9)


def test_many_clusters_use_cr1_few_use_the_wild_cluster_bootstrap_none_use_hc1() -> None:
    many = stats.effect(X, Y, 1, clusters=groups)
    assert many.method == "cluster" and many.clusters == G
    assert (many.ci_high - many.ci_low) == pytest.approx(2 * 1.959964 * many.se, rel=1e-6)
    few_clusters = groups % 8
    few = stats.effect(X, Y, 1, clusters=few_clusters, seed=5)
    assert few.method == "wild_cluster" and few.clusters == 8
    # with 8 clusters the bootstrap's critical value exceeds the normal 1.96
    assert (few.ci_high - few.ci_low) / (2 * few.se) > 1.96
    again = stats.effect(X, Y, 1, clusters=few_clusters, seed=5)
    assert (again.ci_low, again.ci_high) == (few.ci_low, few.ci_high)
    order = np.random.default_rng(1).permutation(N)
    shuffled = stats.effect(X[order], Y[order], 1, clusters=few_clusters[order], seed=5)
    assert (shuffled.ci_low, shuffled.ci_high) == pytest.approx((few.ci_low, few.ci_high), rel=1e-9)
    plain = stats.effect(X, Y, 1)
    assert plain.method == "hc1" and plain.clusters == 0
    assert stats.effect(X, Y, 1, clusters=groups % 3).method == "hc1"  # 3 clusters: not to be relied on


def test_the_wild_cluster_interval_covers_about_95_percent() -> None:
    """On 200 fixed-seed samples of 10 clusters with a shared shock, the interval covers the true
    coefficient about as often as it says (CR1 with normal quantiles would under-cover)."""
    covered = 0
    for seed in range(200):
        rng = np.random.default_rng(1000 + seed)
        cluster = np.repeat(np.arange(10), 30)
        d = (rng.random(300) < 0.5).astype(float)
        y = 0.1 * d + rng.normal(0, 0.5, 10)[cluster] * (1 + d) + rng.normal(0, 1, 300)
        found = stats.effect(
            np.column_stack([np.ones(300), d]), y, 1, clusters=cluster, replicates=399, seed=seed
        )
        covered += found.ci_low <= 0.1 <= found.ci_high
    assert 0.90 <= covered / 200 <= 0.99


def test_lee_bounds_trim_the_group_that_answered_more() -> None:
    rng = random.Random(3)
    treated = [rng.gauss(1, 1) for _ in range(90)]  # 90 of 100 answered
    control = [rng.gauss(0, 1) for _ in range(60)]  # 60 of 100
    low, high, share = stats.lee_bounds(treated, 100, control, 100)
    assert share == pytest.approx(1 / 3)
    ordered = sorted(treated)
    assert low == pytest.approx(np.mean(ordered[:60]) - np.mean(control), rel=1e-12)
    assert high == pytest.approx(np.mean(ordered[30:]) - np.mean(control), rel=1e-12)
    # the other way round: the control group is trimmed, the bounds mirror
    low2, high2, _share = stats.lee_bounds(control, 100, treated, 100)
    assert (low2, high2) == pytest.approx((-high, -low), rel=1e-12)
    # equal answer rates: no trimming, both bounds are the difference in means
    same = stats.lee_bounds(treated[:60], 100, control, 100)
    assert same[0] == pytest.approx(same[1]) == pytest.approx(np.mean(treated[:60]) - np.mean(control))


def test_lee_bounds_count_the_boundary_answer_by_its_fraction() -> None:
    treated = [float(v) for v in range(1, 11)]  # 10 of 10 answered
    control = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]  # 7 of 8: keep 10 × 7/8 = 8.75 of the treated
    low, high, share = stats.lee_bounds(treated, 10, control, 8)
    assert share == pytest.approx(1 / 8)
    assert low == pytest.approx((sum(range(1, 9)) + 0.75 * 9) / 8.75)
    assert high == pytest.approx((sum(range(3, 11)) + 0.75 * 2) / 8.75)


def _normal_cdf(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def test_the_minimum_detectable_effect_has_80_percent_power() -> None:
    se = 0.037
    mde = stats.minimum_detectable_effect(se)
    assert mde == pytest.approx(2.8016 * se, rel=1e-4)
    power = 1 - _normal_cdf(1.959964 - mde / se) + _normal_cdf(-1.959964 - mde / se)
    assert power == pytest.approx(0.80, abs=1e-4)


RD_RNG = np.random.default_rng(11)
R = np.round(RD_RNG.uniform(-1, 1, 2000), 3)
RD_Y = 0.4 * R - 0.3 * R**2 + 0.1 * (R >= 0) + RD_RNG.normal(0, 0.2, 2000)


@pytest.mark.parametrize("order", [1, 2])
def test_the_local_polynomial_jump_is_two_separate_weighted_fits(order: int) -> None:
    h = 0.4
    found = stats.local_polynomial(R, RD_Y, h, order=order)
    intercepts = []
    for side in (R >= 0, R < 0):
        rows = side & (np.abs(R) < h)
        weights = 1 - np.abs(R[rows]) / h
        fit = np.polyfit(R[rows], RD_Y[rows], order, w=np.sqrt(weights))  # polyfit weights multiply residuals
        intercepts.append(fit[-1])
    assert found.estimate == pytest.approx(intercepts[0] - intercepts[1], rel=1e-8)
    assert found.method == "hc1" and found.n == int((np.abs(R) < h).sum())


def test_the_discontinuity_recovers_a_planted_jump_with_a_robust_interval() -> None:
    found = stats.discontinuity(R, RD_Y)
    assert found.robust.ci_low < 0.1 < found.robust.ci_high
    assert found.robust.se > found.conventional.se  # the bias correction's noise is counted
    assert 0.1 < found.bandwidth < 1.0 and found.n_left > 100 and found.n_right > 100
    donut = stats.discontinuity(R, RD_Y, bandwidth=found.bandwidth, donut=0.05)
    assert donut.n_left + donut.n_right < found.n_left + found.n_right


def test_the_ik_bandwidth_moves_with_the_units_of_the_score_not_of_the_outcome() -> None:
    h = stats.ik_bandwidth(R, RD_Y)
    assert stats.ik_bandwidth(R * 10, RD_Y) == pytest.approx(10 * h, rel=1e-9)
    assert stats.ik_bandwidth(R, RD_Y * 1000) == pytest.approx(h, rel=1e-9)
    # more curvature on the two sides differing → a narrower bandwidth
    bent = RD_Y + 3 * R**2 * (R >= 0)
    assert stats.ik_bandwidth(R, bent) < h


def test_the_density_test_sees_bunching_above_the_cutoff() -> None:
    smooth = stats.density_test(R)
    assert smooth.p_value > 0.05
    rng = np.random.default_rng(5)
    # a third of those just below the cutoff moved just above it (scores nudged over the line)
    moved = R.copy()
    near = (moved < 0) & (moved > -0.15) & (rng.random(len(R)) < 0.6)
    moved[near] = -moved[near]
    bunched = stats.density_test(moved)
    assert bunched.log_difference > 0 and bunched.p_value < 0.01


def test_holm_and_benjamini_hochberg_match_their_definitions() -> None:
    p = [0.01, 0.04, 0.03, 0.005]
    # R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") and "BH"
    assert stats.holm(p) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert stats.benjamini_hochberg(p) == pytest.approx([0.02, 0.04, 0.04, 0.02])
    assert stats.holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])  # capped at 1
    rng = random.Random(8)
    many = [rng.random() for _ in range(12)]
    assert all(h >= b - 1e-12 for h, b in zip(stats.holm(many), stats.benjamini_hochberg(many), strict=True))
    assert stats.p_value(1.959964, 1.0) == pytest.approx(0.05, abs=1e-6)


def test_the_robust_rd_interval_is_the_local_quadratic_with_its_weighted_hc1_error() -> None:
    h = 0.5
    found = stats.local_polynomial(R, RD_Y, h, order=2)
    rows = np.abs(R) < h
    r, y, w = R[rows], RD_Y[rows], 1 - np.abs(R[rows]) / h
    d = (r >= 0).astype(float)
    x = np.column_stack([np.ones(len(r)), d, r, d * r, r**2, d * r**2])
    inverse = np.linalg.inv(x.T @ (x * w[:, None]))
    beta = inverse @ x.T @ (w * y)
    e = y - x @ beta
    meat = (x * (w * e)[:, None]).T @ (x * (w * e)[:, None])
    se = math.sqrt((inverse @ meat @ inverse)[1, 1] * len(y) / (len(y) - 6))
    assert found.se == pytest.approx(se, rel=1e-9)
    assert (found.ci_low, found.ci_high) == pytest.approx(
        (beta[1] - 1.959964 * se, beta[1] + 1.959964 * se), rel=1e-6
    )
