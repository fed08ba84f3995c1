"""Outcomes in the API: the cohort report and the impact estimate, with the page's filters as query
parameters and the page's access rules (staff, over their own scope)."""

import math
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from naikkelas.core.pagination import PageNumberPagination
from naikkelas.core.replica import reads_for_reports
from naikkelas.core.schemas import Id, InputSchema, RegionFilter
from naikkelas.outcomes import access, aggregates, cohort, estimates, evidence, report, summaries
from naikkelas.outcomes.models import AnalysisPlan, PriceIndex
from naikkelas.outcomes.services import plans
from naikkelas.programs.access import batches_for_user
from naikkelas.registry.api import EnterpriseSector, EnterpriseSizeClass

router = Router(tags=["outcomes"])


class CohortQuery(Schema):
    program: Id | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    level: int | None = Field(None, ge=1, le=10, description="the level's rank (1 = Dasar)")
    batch: Id | None = None
    region: RegionFilter | None = None
    sector: EnterpriseSector | None = None
    size_class: EnterpriseSizeClass | None = None
    window_from: int = Field(6, ge=0, le=60, description="first month after graduation counted as follow-up")
    window_to: int = Field(12, ge=1, le=60)


class MetricOut(Schema):
    baseline_total: int
    followup_total: int
    ratio: float | None
    percent_change: float | None
    baseline_median: float | None
    followup_median: float | None


class CohortOut(Schema):
    participants: int
    with_followup: int
    response_rate: float | None
    omzet: MetricOut
    aset: MetricOut
    workers: MetricOut
    method: str
    notice: str | None = Field(
        None, description="said when the region asked for reaches beyond the caller's scope"
    )
    data_as_of: datetime | None = Field(
        None,
        description="when the figures come from the per-region summary tables (a report filtered only by "
        "year, level and a province or regency/city): the time they were computed; null when computed now",
    )


class EstimateOut(Schema):
    effect_log: float
    standard_error: float
    percent: float
    percent_low: float
    percent_high: float
    winsorized_percent: float | None
    ancova_log: float | None
    ancova_standard_error: float | None


class ImpactOut(Schema):
    metric: str
    participants: int
    participants_answered: int
    comparison: int
    comparison_answered: int
    estimate: EstimateOut | None
    warnings: list[str]


class DesignEstimateOut(Schema):
    effect_log: float
    standard_error: float
    percent: float
    percent_low: float = Field(..., description="95 % interval, lower end")
    percent_high: float = Field(..., description="95 % interval, upper end")
    method: str = Field(..., description="cluster (CR1), wild_cluster (bootstrap-t), hc1 or welch")
    clusters: int
    observations: int


class DesignOut(Schema):
    design: str = Field(..., description="rd (at the selection cutoff), itt (the offer) or naive")
    estimate: DesignEstimateOut | None = Field(None, description="null below the minimum group size")
    bounds_percent: list[float] | None = Field(None, description="Lee bounds for missing answers")
    mde_percent: float | None = Field(None, description="smallest effect detectable (80 % power, 5 % test)")
    groups: dict[str, list[int]] = Field(..., description="group → [members, answered]")
    closed: dict[str, int] = Field(
        default_factory=dict, description="group → answered that the business closed"
    )
    verified: dict[str, int] = Field(
        default_factory=dict, description="group → answers confirmed on a mentor visit"
    )
    warnings: list[str]
    bandwidth: float | None = None
    density_p_value: float | None = None
    level_only_percent: list[float] | None = Field(
        None, description="naive: graduates who stopped at this level vs not offered, [percent, low, high]"
    )
    went_on_percent: list[float] | None = Field(
        None, description="naive: graduates who went on to the next level vs not offered"
    )
    per_completer_percent: list[float] | None = Field(
        None, description="itt: the effect of completing (offer as instrument, 2SLS), [percent, low, high]"
    )


class SecondaryOut(Schema):
    metric: str
    percent: float | None
    percent_low: float | None
    percent_high: float | None
    holm_p_value: float | None = Field(
        None, description="p-value adjusted across the secondary outcomes (Holm)"
    )
    warnings: list[str]


class SurvivalOut(Schema):
    points: float | None = Field(
        None, description="effect of the offer on the chance of still running, in points"
    )
    points_low: float | None = None
    points_high: float | None = None
    holm_p_value: float | None = Field(None, description="adjusted with the secondary outcomes (Holm)")
    closed: dict[str, int] = Field(..., description="group → answered that the business closed")
    warnings: list[str]


class SubgroupOut(Schema):
    dimension: str = Field(..., description="sector, regency or size_class (the plan's subgroups)")
    value: str
    label: str
    percent: float | None = Field(None, description="null below the minimum group size")
    percent_low: float | None = None
    percent_high: float | None = None
    holm_p_value: float | None = Field(None, description="adjusted with the secondary outcomes and subgroups")
    bh_p_value: float | None = Field(None, description="Benjamini–Hochberg, the same family")
    groups: dict[str, list[int]]
    warnings: list[str]
    why_none: str = Field("", description="without an estimate: why not")


class RoundOut(Schema):
    month: int = Field(..., description="the follow-up round (months after the batch's end)")
    percent: float | None
    percent_low: float | None
    percent_high: float | None
    groups: dict[str, list[int]]
    warnings: list[str]


class EvidenceOut(Schema):
    rounds: list[RoundOut] = Field(..., description="the primary design at each round (3, 6, 12 months)")
    pooled: RoundOut | None = Field(
        None, description="the offer's ANCOVA pooled across the rounds (month 0), clustered by batch"
    )
    metric: str = Field(..., description="the primary outcome (the plan's, else omzet)")
    plan: bool = Field(..., description="whether the program's analysis plan was applied")
    secondary: list[SecondaryOut]
    survival: SurvivalOut | None = Field(None, description="null until a business is reported closed")
    subgroups: list[SubgroupOut] = Field(default_factory=list, description="per subgroup the plan names")
    filter_p_value: float | None = Field(
        None,
        description="the headline's p-value times the number of values the region/sector/size filter offers",
    )
    pre_trend: list[float] | None = Field(
        None, description="placebo: the primary design on growth before applying, [percent, low, high]"
    )
    mean_reversion: float | None = Field(None, description="slope of growth after on growth before applying")
    design: str | None = Field(None, description="the primary design; null when there is no estimate")
    grade: str = Field(..., description="A (strongest) to D, or – without an estimate")
    reasons: list[str]
    headline: str
    lines: list[str]
    not_shown: list[str]
    why_none: list[str]
    designs: list[DesignOut]


class EstimateStateOut(Schema):
    state: Literal["fresh", "stale", "computing"] = Field(
        ...,
        description="fresh: computed from the data as they are now; stale: the last result, computed before "
        "the data changed, while a new one is computed; computing: none yet (impacts empty, evidence null)",
    )
    computed_at: str | None = Field(None, description="when the result shown was computed (ISO 8601)")
    age_seconds: int | None = None
    progress: int = Field(..., ge=0, le=100, description="percent done of the run under way (0 when none)")


class ImpactsOut(Schema):
    estimate: EstimateStateOut = Field(
        ..., description="the estimates are computed in the background; ask again while state is not fresh"
    )
    impacts: list[ImpactOut] = Field(
        ..., description="the naive comparison per metric (not an impact estimate); empty while computing"
    )
    evidence: EvidenceOut | None = Field(None, description="null until the first result is computed")
    notice: str | None = Field(
        None, description="said when the region asked for reaches beyond the caller's scope"
    )


def _filter(request: HttpRequest, q: CohortQuery) -> cohort.CohortFilter:
    user: Any = request.user
    access.require_reports(user)
    if q.window_to < q.window_from:
        raise ValidationError(
            {
                "window_to": [
                    _("Bulan akhir (window_to) harus sama dengan atau sesudah bulan awal (window_from).")
                ]
            }
        )
    if q.batch is not None:
        get_object_or_404(batches_for_user(user), pk=q.batch)
    return cohort.CohortFilter(
        program=q.program, year=q.year, level=q.level, batch=q.batch, region=q.region or None,
        sector=q.sector or None, size_class=q.size_class or None, window=(q.window_from, q.window_to),
    )  # fmt: skip


def _notice(request: HttpRequest, q: CohortQuery) -> str | None:
    narrowed = access.report_narrowing(request.user, q.region)  # type: ignore[arg-type]
    return None if narrowed is None else report.narrowing_text([r.name for r in narrowed])


@router.get("/reports/cohort", response=CohortOut)
@reads_for_reports
def cohort_report(request: HttpRequest, q: Query[CohortQuery]) -> Any:
    """Totals, medians, ratio and percent change of turnover, assets and workers for a cohort."""
    f = _filter(request, q)
    kept = summaries.figures_from_summaries(request.user, f)  # type: ignore[arg-type]
    summary = kept[0].summary if kept else aggregates.summary_for_user(request.user, f)  # type: ignore[arg-type]
    metrics = {
        name: {
            "baseline_total": s.baseline_total, "followup_total": s.followup_total, "ratio": s.ratio,
            "percent_change": s.percent_change, "baseline_median": s.baseline_median,
            "followup_median": s.followup_median,
        }
        for name, s in summary.metrics.items()
    }  # fmt: skip
    return {
        "participants": summary.participants, "with_followup": summary.with_followup,
        "response_rate": summary.response_rate, "method": " ".join(report.method_lines(f)), **metrics,
        "notice": _notice(request, q), "data_as_of": kept[1] if kept else None,
    }  # fmt: skip


@router.get("/reports/impact", response=ImpactsOut)
@reads_for_reports
def impact_report(request: HttpRequest, q: Query[CohortQuery]) -> Any:
    """The evidence card (the primary design — regression discontinuity at the selection cutoff, else the
    intention-to-treat of the offer — with its 95 % interval, Lee bounds, MDE, response by group and a
    credibility grade with reasons; no estimate below the minimum group size), and beside it the naive
    comparison per metric (`too_small`, `unbalanced` warnings), which is not an impact estimate.

    Computed by a background task and kept until the data change: the answer is the last result with
    its age (`estimate`), and while a newer one is computed `state` says so; nothing is computed here."""
    shown = estimates.estimate_for_user(user=request.user, f=_filter(request, q))  # type: ignore[arg-type]
    impacts = []
    for found in shown.impacts or []:
        raw = found.raw
        impacts.append(
            {
                "metric": found.metric,
                "participants": found.attrition["participant"][0],
                "participants_answered": found.attrition["participant"][1],
                "comparison": found.attrition["comparison"][0],
                "comparison_answered": found.attrition["comparison"][1],
                "warnings": found.warnings,
                "estimate": None
                if raw is None
                else {
                    "effect_log": raw.effect,
                    "standard_error": raw.se,
                    "percent": raw.percent,
                    "percent_low": raw.percent_low,
                    "percent_high": raw.percent_high,
                    "winsorized_percent": found.winsorized.percent if found.winsorized else None,
                    "ancova_log": found.ancova[0] if found.ancova else None,
                    "ancova_standard_error": found.ancova[1] if found.ancova else None,
                },
            }
        )
    return {
        "estimate": estimate_state(shown),
        "impacts": impacts,
        "evidence": None if shown.evidence is None else evidence_out(shown.evidence),
        "notice": _notice(request, q),
    }


def estimate_state(shown: estimates.Shown) -> dict[str, Any]:
    age = None if shown.computed_at is None else int((timezone.now() - shown.computed_at).total_seconds())
    return {
        "state": "fresh" if shown.fresh else ("stale" if shown.evidence is not None else "computing"),
        "computed_at": None if shown.computed_at is None else shown.computed_at.isoformat(),
        "age_seconds": age,
        "progress": shown.progress,
    }


def evidence_out(found: evidence.Evidence) -> dict[str, Any]:
    rows = []
    for name, result in found.results.items():
        e = result.estimate
        density = result.details.get("density")
        rows.append({
            "design": name, "warnings": result.warnings,
            "groups": {group: list(counts) for group, counts in result.groups.items()},
            "closed": result.details.get("closed", {}), "verified": result.details.get("verified", {}),
            "estimate": None if e is None else {
                "effect_log": e.estimate, "standard_error": e.se, "percent": e.percent, "percent_low": e.percent_low,
                "percent_high": e.percent_high, "method": e.method, "clusters": e.clusters, "observations": e.n,
            },
            "bounds_percent": None if result.bounds is None else [math.expm1(b) * 100 for b in result.bounds],
            "mde_percent": None if result.mde is None else math.expm1(result.mde) * 100,
            "bandwidth": result.details.get("bandwidth"),
            "density_p_value": None if density is None else density.p_value,
            **{
                f"{part}_percent": [result.details[part].percent, result.details[part].percent_low,
                                    result.details[part].percent_high]
                for part in ("level_only", "went_on") if part in result.details
            },
            "per_completer_percent": None if "per_completer" not in result.details else [
                result.details["per_completer"].percent, result.details["per_completer"].percent_low,
                result.details["per_completer"].percent_high,
            ],
        })  # fmt: skip
    secondary = [
        {"metric": metric, "holm_p_value": p, "warnings": result.warnings,
         "percent": None if result.estimate is None else result.estimate.percent,
         "percent_low": None if result.estimate is None else result.estimate.percent_low,
         "percent_high": None if result.estimate is None else result.estimate.percent_high}
        for metric, result, p in found.secondary
    ]  # fmt: skip
    rounds = [
        {"month": k, "warnings": r.warnings, "groups": {g: list(c) for g, c in r.groups.items()},
         "percent": None if r.estimate is None else r.estimate.percent,
         "percent_low": None if r.estimate is None else r.estimate.percent_low,
         "percent_high": None if r.estimate is None else r.estimate.percent_high}
        for k, r in found.rounds
    ]  # fmt: skip
    survival = None
    if found.survival is not None:
        alive, p = found.survival
        e = alive.estimate
        survival = {
            "points": None if e is None else e.estimate * 100, "points_low": None if e is None else e.ci_low * 100,
            "points_high": None if e is None else e.ci_high * 100, "holm_p_value": p,
            "closed": alive.details.get("closed", {}), "warnings": alive.warnings,
        }  # fmt: skip
    pre = None if found.pre_trend is None else found.pre_trend.estimate
    pooled = found.pooled
    if pooled is not None:
        e = pooled.estimate
        pooled_out = {"month": 0, "warnings": pooled.warnings, "groups": {g: list(c) for g, c in pooled.groups.items()},
                      "percent": None if e is None else e.percent, "percent_low": None if e is None else e.percent_low,
                      "percent_high": None if e is None else e.percent_high}  # fmt: skip
    subgroups = [
        {"dimension": s.dimension, "value": s.value, "label": s.label, "holm_p_value": s.holm, "bh_p_value": s.bh, "why_none": s.why,
         "groups": {g: list(c) for g, c in s.result.groups.items()}, "warnings": s.result.warnings,
         "percent": None if s.result.estimate is None else s.result.estimate.percent,
         "percent_low": None if s.result.estimate is None else s.result.estimate.percent_low,
         "percent_high": None if s.result.estimate is None else s.result.estimate.percent_high}
        for s in found.subgroups
    ]  # fmt: skip
    return {
        "pooled": None if pooled is None else pooled_out,
        "subgroups": subgroups, "filter_p_value": None if found.filter_family is None else found.filter_family[1],
        "pre_trend": None if pre is None else [pre.percent, pre.percent_low, pre.percent_high],
        "mean_reversion": None if found.reversion is None else found.reversion[0],
        "survival": survival, "rounds": rounds, "metric": found.metric, "plan": found.plan is not None, "secondary": secondary,
        "design": None if found.primary is None else found.primary.design, "grade": found.grade,
        "reasons": found.reasons, "headline": found.headline, "lines": found.lines, "not_shown": found.not_shown,
        "why_none": found.why_none, "designs": rows,
    }  # fmt: skip


class PlanIn(InputSchema):
    primary_outcome: Literal["omzet", "aset", "workers"] = "omzet"
    design: Literal["rd", "itt"] = "rd"
    window_from: int = Field(6, ge=0, le=60)
    window_to: int = Field(12, ge=1, le=60)
    winsor_percent: int = Field(
        0, ge=0, le=10, description="follow-up levels cut at this percentile at each end"
    )
    subgroups: list[Literal["sector", "regency", "size_class"]] = Field(default_factory=list, max_length=3)
    min_group: int = Field(30, ge=10, le=1000, description="below this many answering, no estimate at all")


class PlanChangeOut(Schema):
    at: str
    by: str
    after_data: bool
    fields: dict[str, list[Any]]


class PlanOut(Schema):
    program: int
    primary_outcome: str
    design: str
    window_from: int
    window_to: int
    winsor_percent: int
    subgroups: list[str]
    min_group: int
    fixed_at: str
    fixed_after_data: bool
    changes: list[PlanChangeOut]


def _plan_out(plan: AnalysisPlan) -> dict[str, Any]:
    return {
        "program": plan.program_id, "fixed_at": plan.fixed_at.isoformat(), "fixed_after_data": plan.fixed_after_data,
        "changes": plan.changes, **{name: getattr(plan, name) for name in plans.FIELDS},
    }  # fmt: skip


@router.get("/programs/{program_id}/analysis-plan", response=PlanOut)
def analysis_plan_detail(request: HttpRequest, program_id: Id) -> Any:
    """The program's analysis plan with every change made to it (404 when none is fixed yet)."""
    program = access.get_plan_program_for_user(request.user, program_id)  # type: ignore[arg-type]
    return _plan_out(get_object_or_404(AnalysisPlan, program=program))


@router.put("/programs/{program_id}/analysis-plan", response=PlanOut)
def analysis_plan_put(request: HttpRequest, program_id: Id, payload: PlanIn) -> Any:
    """Fix or change the plan (admins of the program's owner). A change after the first follow-up fell
    due is kept and marked `after_data`."""
    user: Any = request.user
    program = access.get_plan_program_for_user(user, program_id, write=True)
    return _plan_out(plans.analysis_plan_set(actor=user, program=program, **payload.dict()))


class PriceIndexOut(Schema):
    province: str = Field(alias="province_id", description="the province's code (e.g. 33)")
    month: str = Field(description="YYYY-MM")
    value: Decimal = Field(description="IHK, 2022 = 100")
    source: str

    @staticmethod
    def resolve_month(row: PriceIndex) -> str:
        return f"{row.month:%Y-%m}"


@router.get("/price-index", response=list[PriceIndexOut])
@paginate(PageNumberPagination, page_size=100, max_page_size=500)
def price_index_list(request: HttpRequest) -> Any:
    """The IHK rows of the caller's own province(s) (every province: the ministry), as on /hasil/ihk/."""
    return access.price_index_for_user(request.user).order_by("province_id", "-month")  # type: ignore[arg-type]
