"""The statistics of the outcomes reports, as plain functions over plain numbers (no database, no numpy).

Growth is measured on log(1 + y), so a firm going from Rp 5 juta to Rp 10 juta counts the same as one
going from Rp 50 juta to Rp 100 juta, and zero stays defined.

- Difference in differences: the mean growth of participants minus the mean growth of the comparison
  group, with the Welch standard error and a seeded percentile bootstrap interval (resampling within
  each group), so the same data always give the same interval.
- ANCOVA: the least-squares coefficient of being a participant in log(1 + y1) ~ 1 + participant +
  log(1 + y0), with its classical standard error.
- Winsorizing: values beyond fixed percentiles are pulled in to them before the estimate.
"""

import math
import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


def log_growth(before: float, after: float) -> float:
    return math.log1p(after) - math.log1p(before)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) with linear interpolation between ranks (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def winsorize(values: Sequence[float], low_q: float, high_q: float) -> list[float]:
    """Values below the low percentile or above the high one replaced by those percentiles."""
    if not values:
        return []
    low, high = percentile(values, low_q), percentile(values, high_q)
    return [min(max(v, low), high) for v in values]


@dataclass(frozen=True)
class Estimate:
    effect: float  # on the log scale
    se: float
    ci_low: float
    ci_high: float
    n_treated: int
    n_control: int

    @property
    def percent(self) -> float:
        """The effect as a percent change in the outcome: exp(effect) − 1."""
        return math.expm1(self.effect) * 100

    @property
    def percent_low(self) -> float:
        return math.expm1(self.ci_low) * 100

    @property
    def percent_high(self) -> float:
        return math.expm1(self.ci_high) * 100


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def difference_in_differences(
    treated: Sequence[float],
    control: Sequence[float],
    *,
    replicates: int = 2000,
    seed: int = 2021,
    max_resample: int = 20_000,
) -> Estimate:
    """Mean growth of the treated minus that of the control group (both lists of log growths).

    The interval is a percentile bootstrap resampling within each group. Groups larger than
    `max_resample` are resampled m out of n (m = max_resample) and each group's deviation from its
    mean is scaled by √(m/n) — the same interval as the full bootstrap for means, at a cost that does
    not grow with the cohort (a million firms would otherwise take minutes)."""
    if len(treated) < 2 or len(control) < 2:
        raise ValueError("each group needs at least two members")
    mean_t, mean_c = _mean(treated), _mean(control)
    effect = mean_t - mean_c
    se = math.sqrt(statistics.variance(treated) / len(treated) + statistics.variance(control) / len(control))
    rng = random.Random(seed)
    m_t, m_c = min(len(treated), max_resample), min(len(control), max_resample)
    scale_t, scale_c = math.sqrt(m_t / len(treated)), math.sqrt(m_c / len(control))
    draws = []
    for _ in range(replicates):
        t = _mean(rng.choices(treated, k=m_t))
        c = _mean(rng.choices(control, k=m_c))
        draws.append(effect + scale_t * (t - mean_t) - scale_c * (c - mean_c))
    return Estimate(effect, se, percentile(draws, 2.5), percentile(draws, 97.5), len(treated), len(control))


def ols(rows: Sequence[Sequence[float]], outcome: Sequence[float]) -> tuple[list[float], list[float]]:
    """Least squares: coefficients and their classical standard errors (rows include the constant)."""
    n, k = len(rows), len(rows[0])
    if n <= k:
        raise ValueError("more observations than coefficients needed")
    xtx = [[math.fsum(r[i] * r[j] for r in rows) for j in range(k)] for i in range(k)]
    xty = [math.fsum(r[i] * y for r, y in zip(rows, outcome, strict=True)) for i in range(k)]
    inverse = _invert(xtx)
    beta = [math.fsum(inverse[i][j] * xty[j] for j in range(k)) for i in range(k)]
    residuals = [
        y - math.fsum(b * x for b, x in zip(beta, r, strict=True)) for r, y in zip(rows, outcome, strict=True)
    ]
    sigma2 = math.fsum(e * e for e in residuals) / (n - k)
    return beta, [math.sqrt(sigma2 * inverse[i][i]) for i in range(k)]


def _invert(matrix: list[list[float]]) -> list[list[float]]:
    """Gauss–Jordan with partial pivoting; a singular matrix raises ValueError."""
    size = len(matrix)
    work = [row[:] + [1.0 if i == j else 0.0 for j in range(size)] for i, row in enumerate(matrix)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(work[r][col]))
        if abs(work[pivot][col]) < 1e-12:
            raise ValueError("singular matrix")
        work[col], work[pivot] = work[pivot], work[col]
        factor = work[col][col]
        work[col] = [v / factor for v in work[col]]
        for r in range(size):
            if r != col and work[r][col]:
                ratio = work[r][col]
                work[r] = [a - ratio * b for a, b in zip(work[r], work[col], strict=True)]
    return [row[size:] for row in work]


def ancova(
    treated: Sequence[tuple[float, float]], control: Sequence[tuple[float, float]]
) -> tuple[float, float]:
    """The participant coefficient and its standard error in log(1+y1) ~ 1 + participant + log(1+y0)."""
    rows, outcome = [], []
    for flag, pairs in ((1.0, treated), (0.0, control)):
        for before, after in pairs:
            rows.append([1.0, flag, math.log1p(before)])
            outcome.append(math.log1p(after))
    beta, se = ols(rows, outcome)
    return beta[1], se[1]


def standardized_difference(a: Sequence[float], b: Sequence[float]) -> float:
    """Difference of means over the pooled standard deviation (|d| > 0.25 is a common warning sign)."""
    if len(a) < 2 or len(b) < 2:
        return math.nan
    pooled = math.sqrt((statistics.variance(a) + statistics.variance(b)) / 2)
    return (_mean(a) - _mean(b)) / pooled if pooled else 0.0
