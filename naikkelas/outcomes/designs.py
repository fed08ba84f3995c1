"""The impact designs over plain applicant records (no database): what the cohort page, the PDF, the API,
the simulation and the coverage bench all compute. The outcome is the growth of log(1 + monthly
turnover) from the application to the follow-up; exp(effect) − 1 is the percent.

- **rd**: regression discontinuity at each batch's cutoff — the score centred at the batch's last
  selected score, local linear with a triangular kernel at the Imbens–Kalyanaraman bandwidth, its
  robust bias-corrected 95 % interval (clustered by batch; a wild cluster bootstrap with few batches),
  a density test at the cutoff, continuity of the baseline turnover, and the estimate at half and
  double the bandwidth and without the applicants nearest the cutoff (a donut).
- **itt**: intention-to-treat of the offer — everyone offered a seat, dropouts included, against the
  eligible applicants not offered one, adjusted for the score on each side (a global linear fit),
  clustered by batch; with the effect per completer (the offer as the instrument for completing).
- **naive**: today's comparison — graduates against non-selected applicants who answered, difference
  in mean growth (Welch). Shown for what it is: selection on the score makes it biased.

Each carries Lee bounds for the answers that are missing, the minimum detectable effect, and, below
the minimum group size, no estimate at all — only why."""

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from naikkelas.outcomes import stats

EXPECTED_EFFECT = math.log(1.05)  # the smallest effect the literature leads one to expect (5–10 %)


@dataclass(frozen=True)
class Unit:
    """One applicant: the batch (cluster), the score centred at the batch's cutoff (None: unscored),
    whether offered a seat, whether they completed, and turnover before and after (None: no answer)."""

    cluster: int
    score: float | None
    offered: bool
    completed: bool
    y0: float
    y1: float | None
    went_on: bool = False
    closed: bool = False  # answered that the business has closed (no figures; not a non-respondent)
    verified: bool = False  # the follow-up figures were confirmed on a mentor's visit
    value: float | None = None  # an outcome other than turnover growth (survival: 1 or 0)
    y_pre: float | None = None  # turnover before the baseline month (the application's earlier months)

    @property
    def growth(self) -> float | None:
        """The outcome the designs estimate on: log growth of turnover, unless `value` replaces it."""
        if self.value is not None:
            return self.value
        return None if self.y1 is None else math.log1p(self.y1) - math.log1p(self.y0)


def survival(units: list[Unit]) -> list[Unit]:
    """The same applicants with survival as the outcome: 1 when they answered with figures, 0 when they
    answered that the business closed, no answer otherwise (the designs then estimate the effect on
    the chance of still running, in points)."""
    return [
        replace(u, value=1.0 if u.y1 is not None else (0.0 if u.closed else None), y1=None) for u in units
    ]


def pre_trend(units: list[Unit]) -> list[Unit]:
    """The same applicants with their growth *before* applying as the outcome (log(1 + baseline) −
    log(1 + earlier month)): a placebo — the offer cannot have caused it, so a design finding an effect
    here finds a difference the groups already had."""
    return [
        replace(
            u,
            value=None if u.y_pre is None else math.log1p(u.y0) - math.log1p(u.y_pre),
            y1=None,
            closed=False,
        )
        for u in units
    ]


def mean_reversion(units: list[Unit]) -> tuple[float, int] | None:
    """The least-squares slope of growth after applying on growth before (and how many had both): clearly
    negative means that firms which had just dipped bounce back, growth the program did not cause."""
    pairs = [
        (math.log1p(u.y0) - math.log1p(u.y_pre), u.growth)
        for u in units
        if u.y_pre is not None and u.growth is not None and u.value is None
    ]
    if len(pairs) < 10:
        return None
    x, y = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs], dtype=float)
    if float(np.var(x)) == 0.0:
        return None
    return float(np.cov(x, y, ddof=1)[0, 1] / np.var(x, ddof=1)), len(pairs)


def levels(units: list[Unit]) -> list[Unit]:
    """The same applicants with the change in rupiah (follow-up minus baseline) as the outcome: the
    effect in rupiah per firm, beside the log effect (heavier tails: a plan's winsorizing applies)."""
    return [replace(u, value=None if u.y1 is None else u.y1 - u.y0, y1=None) for u in units]


def any_closed(units: list[Unit]) -> bool:
    return any(u.closed for u in units)


@dataclass
class Result:
    design: str  # "rd", "itt", "naive"
    estimate: stats.Inference | None = None
    bounds: tuple[float, float] | None = None  # Lee bounds on the log scale
    groups: dict[str, tuple[int, int]] = field(default_factory=dict)  # group → (members, answered)
    warnings: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def mde(self) -> float | None:
        return None if self.estimate is None else self.estimate.mde


def _answered(units: list[Unit]) -> list[Unit]:
    return [u for u in units if u.growth is not None]


def _describe(result: Result, groups: dict[str, list[Unit]]) -> None:
    """Each group's members and answers, and beside them those who said the business closed and the
    answers a mentor confirmed on a visit."""
    result.groups = {name: (len(units), len(_answered(units))) for name, units in groups.items()}
    result.details["closed"] = {name: sum(1 for u in units if u.closed) for name, units in groups.items()}
    result.details["verified"] = {
        name: sum(1 for u in units if u.verified and u.growth is not None) for name, units in groups.items()
    }


def _shifted_bounds(estimate: float, treated: list[Unit], control: list[Unit]) -> tuple[float, float] | None:
    """Lee bounds moved onto the design's estimate: the trimming's shift of the raw difference in mean
    growth between the groups, added to the estimate (exact for a difference of means)."""
    t = [u.growth for u in treated if u.growth is not None]
    c = [u.growth for u in control if u.growth is not None]
    if len(t) < 2 or len(c) < 2:
        return None
    low, high, _share = stats.lee_bounds(t, len(treated), c, len(control))
    raw = float(np.mean(t) - np.mean(c))
    return estimate + low - raw, estimate + high - raw


def rd(units: list[Unit], *, min_group: int = 30, seed: int = 2021, sensitivity: bool = True,
       bandwidth: float | None = None) -> Result:  # fmt: skip
    """The discontinuity at the cutoff, at the data's own bandwidth or the one given (survival is
    estimated at the turnover estimate's bandwidth: a 0/1 outcome has no curvature to choose one)."""
    scored = [u for u in units if u.score is not None]
    answered = _answered(scored)
    result = Result("rd")
    right, left = [u for u in scored if u.score >= 0], [u for u in scored if u.score < 0]  # type: ignore[operator]
    _describe(result, {"above": right, "below": left})
    r = np.array([u.score for u in answered], dtype=float)
    g = np.array([u.growth for u in answered], dtype=float)
    clusters = np.array([u.cluster for u in answered])
    if (r >= 0).sum() < 5 or (r < 0).sum() < 5:
        result.warnings.append("too_small")
        return result
    try:
        found = stats.discontinuity(r, g, clusters=clusters, seed=seed, bandwidth=bandwidth)
    except ValueError:
        result.warnings.append("too_small")
        return result
    if min(found.n_left, found.n_right) < min_group:
        result.warnings.append("too_small")
        result.details["near_cutoff"] = (found.n_left, found.n_right)
        return result
    result.estimate = found.robust
    result.details.update(
        bandwidth=found.bandwidth, near_cutoff=(found.n_left, found.n_right), conventional=found.conventional
    )
    h = found.bandwidth
    within = [u for u in scored if abs(u.score) < h]  # type: ignore[arg-type]
    result.bounds = _shifted_bounds(
        found.robust.estimate,
        [u for u in within if u.score >= 0],  # type: ignore[operator]
        [u for u in within if u.score < 0],  # type: ignore[operator]
    )
    all_r = np.array([u.score for u in scored], dtype=float)
    density = stats.density_test(all_r)
    result.details["density"] = density
    if density.p_value < 0.05:
        result.warnings.append("density_jump")
    baseline = stats.discontinuity(
        all_r, np.log1p([u.y0 for u in scored]), bandwidth=h, clusters=[u.cluster for u in scored], seed=seed
    ).robust
    result.details["baseline_jump"] = baseline
    if baseline.ci_low > 0 or baseline.ci_high < 0:
        result.warnings.append("baseline_jump")
    if sensitivity:
        checks = {}
        for name, options in (("half", {"bandwidth": h / 2}), ("double", {"bandwidth": 2 * h}),
                              ("donut", {"bandwidth": h, "donut": h / 10})):  # fmt: skip
            try:
                checks[name] = stats.discontinuity(r, g, clusters=clusters, seed=seed, **options).robust  # type: ignore[arg-type]
            except ValueError:
                continue
        result.details["sensitivity"] = checks
    return result


def itt(units: list[Unit], *, min_group: int = 30, seed: int = 2021) -> Result:
    result = Result("itt")
    offered, others = [u for u in units if u.offered], [u for u in units if not u.offered]
    _describe(result, {"offered": offered, "not_offered": others})
    answered = _answered(units)
    if min(result.groups["offered"][1], result.groups["not_offered"][1]) < min_group:
        result.warnings.append("too_small")
        return result
    z = np.array([1.0 if u.offered else 0.0 for u in answered])
    g = np.array([u.growth for u in answered], dtype=float)
    columns = [np.ones(len(z)), z]
    if all(u.score is not None for u in answered):
        r = np.array([u.score for u in answered], dtype=float)
        columns += [r, z * r]
    else:
        result.warnings.append("not_adjusted")
    try:
        result.estimate = stats.effect(
            np.column_stack(columns), g, 1, clusters=[u.cluster for u in answered], seed=seed
        )
    except ValueError:
        result.warnings.append("too_small")
        return result
    result.bounds = _shifted_bounds(result.estimate.estimate, offered, others)
    result.details["completion"] = sum(1 for u in offered if u.completed) / len(offered)
    found = completion_effect(np.column_stack(columns), g, np.array([1.0 if u.completed else 0.0 for u in answered]),
                              result.estimate, clusters=[u.cluster for u in answered], seed=seed)  # fmt: skip
    if found is not None:
        result.details["per_completer"] = found
    return result


def completion_effect(x: np.ndarray, g: np.ndarray, d: np.ndarray, itt: stats.Inference, *,
                      clusters: list[int], seed: int) -> stats.Inference | None:  # fmt: skip
    """The effect of completing, with the offer as the instrument: the ITT over the offer's effect on
    completing (the first stage, same regressors), which is two-stage least squares with completion in
    the offer's place. Its error is the 2SLS (delta-method) one, clustered like the ITT: the offer's
    coefficient for (g − θ·d) ÷ first stage, whose residuals are the 2SLS residuals. None when the offer
    barely moves completion (a weak instrument)."""
    first = stats.effect(x, d, 1, clusters=clusters, seed=seed)
    if first.estimate < 0.1 or first.ci_low <= 0:
        return None
    theta = itt.estimate / first.estimate
    spread = stats.effect(x, (g - theta * d) / first.estimate, 1, clusters=clusters, seed=seed)
    return stats.Inference(theta, spread.se, theta + spread.ci_low - spread.estimate,
                           theta + spread.ci_high - spread.estimate, spread.n, spread.clusters, spread.method)  # fmt: skip


def naive(units: list[Unit], *, min_group: int = 30, seed: int = 2021, replicates: int = 2000) -> Result:
    """Today's comparison: graduates against non-selected applicants, difference in mean growth."""
    result = Result("naive")
    graduates, others = [u for u in units if u.completed], [u for u in units if not u.offered]
    _describe(result, {"graduates": graduates, "not_offered": others})
    t = [u.growth for u in graduates if u.growth is not None]
    c = [u.growth for u in others if u.growth is not None]
    if min(len(t), len(c)) < max(min_group, 2):
        result.warnings.append("too_small")
        return result
    found = stats.difference_in_differences(t, c, replicates=replicates, seed=seed)
    result.estimate = stats.Inference(
        found.effect, found.se, found.ci_low, found.ci_high, len(t) + len(c), 0, "welch"
    )
    result.bounds = _shifted_bounds(found.effect, graduates, others)
    result.warnings.append("selection_on_score")
    # one treatment per level: the graduates who stopped at this level, apart from those who went on
    for name, flag in (("level_only", False), ("went_on", True)):
        part = [u.growth for u in graduates if u.went_on == flag and u.growth is not None]
        if len(part) >= max(min_group, 2):
            split = stats.difference_in_differences(part, c, replicates=replicates, seed=seed)
            result.details[name] = stats.Inference(
                split.effect, split.se, split.ci_low, split.ci_high, len(part) + len(c), 0, "welch"
            )
    return result


def pooled(rounds: list[tuple[int, list[Unit]]], *, min_group: int = 30, seed: int = 2021) -> Result:
    """ANCOVA of the offer pooled across follow-up rounds: log(1 + y1) ~ 1 + Z + log(1 + y0) + r + Z·r +
    a dummy per round after the first, one row per applicant and round answered, errors clustered by
    batch (a firm's rounds sit in its batch, so its repeated answers are clustered too). Needs scores."""
    result = Result("pooled")
    rows = [(k, u) for k, units in rounds for u in units if u.y1 is not None and u.score is not None]
    offered = sum(1 for _k, u in rows if u.offered)
    result.groups = {"offered": (offered, offered), "not_offered": (len(rows) - offered, len(rows) - offered)}
    if min(offered, len(rows) - offered) < min_group:
        result.warnings.append("too_small")
        return result
    months = sorted({k for k, _u in rows})
    z = np.array([1.0 if u.offered else 0.0 for _k, u in rows])
    r = np.array([u.score for _k, u in rows], dtype=float)
    columns = [np.ones(len(rows)), z, np.log1p([u.y0 for _k, u in rows]), r, z * r]
    columns += [np.array([1.0 if k == month else 0.0 for k, _u in rows]) for month in months[1:]]
    outcome = np.log1p([u.y1 for _k, u in rows])  # type: ignore[arg-type]
    try:
        result.estimate = stats.effect(np.column_stack(columns), outcome, 1, clusters=[u.cluster for _k, u in rows], seed=seed)  # fmt: skip
    except ValueError:
        result.warnings.append("too_small")
    result.details["rounds"] = months
    return result


GRADES = ("A", "B", "C", "D")


def grade(result: Result) -> tuple[str, list[str]]:
    """A credibility grade with its reasons (codes the page words): A when nothing is wrong, one step
    down per problem; the naive comparison is never above D, nothing at all is "–"."""
    if result.estimate is None:
        return "–", ["no_estimate"]
    reasons = []
    if result.design == "naive":
        return "D", ["selection_on_score"]
    if result.bounds is not None and result.bounds[0] < 0 < result.bounds[1]:
        reasons.append("bounds_include_zero")
    if result.estimate.mde > EXPECTED_EFFECT * 2:
        reasons.append("underpowered")
    if result.estimate.clusters and result.estimate.clusters < stats.TOO_FEW_CLUSTERS:
        reasons.append("few_clusters")
    answered = [a / m for m, a in result.groups.values() if m]
    if answered and min(answered) < 0.5:
        reasons.append("low_response")
    reasons += [w for w in result.warnings if w in ("density_jump", "baseline_jump", "not_adjusted")]
    if result.design == "itt":
        reasons.append("functional_form")  # the score is adjusted for by a straight line on each side
    return GRADES[min(len(reasons), 3)], reasons
