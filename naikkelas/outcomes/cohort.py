"""Who is in a cohort and what their figures did: the reads behind the outcomes reports.

A **participant** is an enterprise that graduated from a level matching the filter (counted once, at its
latest such graduation). Its **baseline** is the frozen report of its application to that level; its
**follow-up** is its latest report from a follow-up or a mentor visit whose month lies in the window after
graduation (default 6–12 months). The **comparison group** (defined once, in `selection.cohorts`, for
the follow-up schedule too) are eligible applicants to the same levels who were not selected, never
selected in that program, and agreed to follow-ups; their clock starts at the end of the batch they
applied to. Everything is read through the caller's scope (a regency admin sees their
regency's enterprises only, totals included)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from naikkelas.accounts.models import User
from naikkelas.core.dates import add_months, first_of_month
from naikkelas.registry.access import enterprises_for_user
from naikkelas.registry.models import Enterprise, MetricReport
from naikkelas.selection.cohorts import comparison_applications
from naikkelas.selection.models import Application, Graduation

METRICS = ("omzet", "aset", "workers")
FOLLOW_UP_SOURCES = (MetricReport.Source.FOLLOW_UP, MetricReport.Source.MENTOR_VISIT)
Figures = tuple[int, int, int]


@dataclass(frozen=True)
class CohortFilter:
    program: int | None = None
    year: int | None = None
    level: int | None = None  # rank
    batch: int | None = None
    region: str | None = None  # province, regency/city or district code
    sector: str | None = None
    size_class: str | None = None
    window: tuple[int, int] = (6, 12)

    def describe(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass
class Member:
    enterprise_id: int
    group: str  # "participant" or "comparison"
    anchor: date
    baseline: Figures
    regency_code: str
    sector: str
    followup: Figures | None = None
    followup_period: date | None = None
    baseline_period: date | None = None
    followup_source: str = ""


@dataclass
class Cohort:
    filter: CohortFilter
    participants: list[Member] = field(default_factory=list)
    comparison: list[Member] = field(default_factory=list)


def _region_q(code: str, prefix: str) -> Q:
    if len(code) == 2:
        return Q(**{f"{prefix}province_code": code})
    if len(code) == 5:
        return Q(**{f"{prefix}regency_code": code})
    return Q(**{f"{prefix}district_id": code})


def _enterprise_filters(f: CohortFilter, prefix: str) -> Q:
    q = Q()
    if f.region:
        q &= _region_q(f.region, prefix)
    if f.sector:
        q &= Q(**{f"{prefix}sector": f.sector})
    if f.size_class:
        q &= Q(**{f"{prefix}size_class": f.size_class})
    return q


def _level_filters(f: CohortFilter, prefix: str) -> Q:
    q = Q()
    if f.program:
        q &= Q(**{f"{prefix}program_id": f.program})
    if f.year:
        q &= Q(**{f"{prefix}program__year": f.year})
    if f.level:
        q &= Q(**{f"{prefix}rank": f.level})
    return q


def _graduations(enterprises: QuerySet[Enterprise], f: CohortFilter) -> QuerySet[Graduation]:
    graduations = Graduation.objects.filter(
        _level_filters(f, "level__"), _enterprise_filters(f, "enterprise__"), enterprise__in=enterprises
    )
    if f.batch:
        graduations = graduations.filter(batch_id=f.batch)
    return graduations


def participants(enterprises: QuerySet[Enterprise], f: CohortFilter) -> list[Member]:
    latest: dict[int, tuple[date, int, str, str]] = {}
    rows = _graduations(enterprises, f).values_list(
        "enterprise_id", "graduated_on", "level_id", "enterprise__regency_code", "enterprise__sector"
    )
    for enterprise_id, graduated_on, level_id, regency, sector in rows:
        if enterprise_id not in latest or graduated_on > latest[enterprise_id][0]:
            latest[enterprise_id] = (graduated_on, level_id, regency, sector)
    baselines: dict[tuple[int, int], tuple[Figures, date]] = {}
    # a subquery, not a list of ids: a cohort of a million would not fit in one IN (…)
    applications = Application.objects.filter(
        enterprise_id__in=_graduations(enterprises, f).values("enterprise_id"),
        status=Application.Status.SELECTED,
    ).values_list(
        "enterprise_id",
        "level_id",
        "baseline__omzet",
        "baseline__aset",
        "baseline__workers",
        "baseline__period",
    )
    for enterprise_id, level_id, omzet, aset, workers, period in applications:
        baselines[(enterprise_id, level_id)] = ((omzet, aset, workers), period)
    members = []
    for enterprise_id, (graduated_on, level_id, regency, sector) in latest.items():
        found = baselines.get((enterprise_id, level_id))
        if found is not None:  # graduations recorded by hand without an application have no baseline
            figures, period = found
            members.append(
                Member(
                    enterprise_id,
                    "participant",
                    graduated_on,
                    figures,
                    regency,
                    sector,
                    baseline_period=period,
                )
            )
    return members


def comparison(enterprises: QuerySet[Enterprise], f: CohortFilter) -> list[Member]:
    scope = Q(batch_id=f.batch) if f.batch else _level_filters(f, "level__")
    applications = comparison_applications(
        Application.objects.filter(scope, _enterprise_filters(f, "enterprise__"), enterprise__in=enterprises)
    )
    members: dict[int, Member] = {}
    rows = applications.values_list(
        "enterprise_id", "batch__end_date", "baseline__omzet", "baseline__aset", "baseline__workers",
        "enterprise__regency_code", "enterprise__sector", "baseline__period",
    )  # fmt: skip
    for enterprise_id, end, omzet, aset, workers, regency, sector, period in rows:
        if enterprise_id not in members or end > members[enterprise_id].anchor:
            members[enterprise_id] = Member(
                enterprise_id,
                "comparison",
                end,
                (omzet, aset, workers),
                regency,
                sector,
                baseline_period=period,
            )
    return list(members.values())


def described_month(anchor: date, months: int) -> date:
    """The month "month k after the anchor" stands for: the month the k-month follow-up describes, i.e.
    the last full month before the day it falls due (`mentoring.services.followups.report_period`). A graduate of
    21 May 2021 owes the 6-month figures on 21 November, for October: October is month 6."""
    return first_of_month(first_of_month(add_months(anchor, months)) - timedelta(days=1))


def window_bounds(anchor: date, window: tuple[int, int]) -> tuple[date, date]:
    """The first and last report month counted as a follow-up for an anchor date."""
    return described_month(anchor, window[0]), described_month(anchor, window[1])


@dataclass
class Applicant:
    """One applicant to a level, as the impact designs see it: the offer (selected), the score and the
    batch's cutoff, whether they completed (graduated) or went on to a higher level, and their figures.
    Everyone is measured from the end of the batch they applied to — selected or not, graduate or not —
    so both groups' figures describe the same months."""

    enterprise_id: int
    batch_id: int
    rank: int  # the level's rank
    offered: bool
    consent: bool
    anchor: date
    baseline: Figures
    regency_code: str
    sector: str
    score: float | None = None
    cutoff: float | None = None  # the batch's last selected score
    graduated: bool = False
    went_on: bool = False
    followup: Figures | None = None
    followup_period: date | None = None
    followup_source: str = ""

    @property
    def centred(self) -> float | None:
        """The score minus the batch's cutoff (≥ 0: made it)."""
        return None if self.score is None or self.cutoff is None else self.score - self.cutoff

    @property
    def measured(self) -> bool:
        """Whether we may ask for their figures at all: every selected applicant; a non-selected one
        only with follow-up consent."""
        return self.offered or self.consent


OFFER_STATUSES = (Application.Status.SELECTED, Application.Status.WITHDRAWN)
RANKED_STATUSES = (*OFFER_STATUSES, Application.Status.WAITLISTED, Application.Status.REJECTED)


def applicants(enterprises: QuerySet[Enterprise], f: CohortFilter) -> list[Applicant]:
    """Every ranked applicant to the levels matching the filter, once per enterprise at its lowest level
    (the level it entered at; a Dasar graduate who went on is measured from Dasar). A withdrawn
    applicant counts as offered when their score reached the cutoff (they were selected, then left)."""
    scope = Q(batch_id=f.batch) if f.batch else _level_filters(f, "level__")
    rows = Application.objects.filter(
        scope, _enterprise_filters(f, "enterprise__"), enterprise__in=enterprises, status__in=RANKED_STATUSES
    ).values_list(
        "enterprise_id", "batch_id", "level__rank", "level__program_id", "status", "followup_consent",
        "batch__end_date", "score", "baseline__omzet", "baseline__aset", "baseline__workers",
        "enterprise__regency_code", "enterprise__sector", "level_id",
    )  # fmt: skip
    chosen: dict[int, tuple] = {}  # type: ignore[type-arg]
    for row in rows:
        current = chosen.get(row[0])
        if current is None or (row[2], row[6], row[1]) < (current[2], current[6], current[1]):
            chosen[row[0]] = row
    batch_ids = {row[1] for row in chosen.values()}
    cutoffs: dict[int, float] = {}
    for batch_id, score in Application.objects.filter(
        batch_id__in=batch_ids, status=Application.Status.SELECTED, score__isnull=False
    ).values_list("batch_id", "score"):
        cutoffs[batch_id] = min(cutoffs.get(batch_id, float("inf")), float(score or 0))
    graduations: dict[int, list[tuple[int, int]]] = {}
    for enterprise_id, program_id, rank in Graduation.objects.filter(
        enterprise_id__in=list(chosen)
    ).values_list("enterprise_id", "level__program_id", "level__rank"):
        graduations.setdefault(enterprise_id, []).append((program_id, rank))
    found = []
    for (enterprise_id, batch_id, rank, program_id, status, consent, end, score, omzet, aset, workers,
         regency, sector, _level) in chosen.values():  # fmt: skip
        cutoff = cutoffs.get(batch_id)
        value = None if score is None else float(score)
        offered = status == Application.Status.SELECTED or (
            status == Application.Status.WITHDRAWN
            and value is not None
            and cutoff is not None
            and value >= cutoff
        )
        if status == Application.Status.WITHDRAWN and not offered:
            continue  # withdrew before any decision: never in either group
        done = graduations.get(enterprise_id, [])
        found.append(
            Applicant(
                enterprise_id, batch_id, rank, offered, consent, end, (omzet, aset, workers), regency, sector,
                score=value, cutoff=cutoff, graduated=(program_id, rank) in done,
                went_on=any(p == program_id and r > rank for p, r in done),
            )
        )  # fmt: skip
    return found


def applicants_of_user(user: User, f: CohortFilter) -> list[Applicant]:
    """The applicants the user may see, with their figures in the window (from their batch's end)."""
    found = [a for a in applicants(enterprises_for_user(user), f) if a.measured]
    attach_followups(found, f.window)
    return found


def attach_followups(members: Iterable[Member | Applicant], window: tuple[int, int]) -> None:
    """Give each member its latest follow-up or mentor-visit report within the window: one streamed query
    over the reports of the members' months (ids sent in chunks of 5,000 for small cohorts, all reports
    of the period streamed for large ones)."""
    by_id = {m.enterprise_id: m for m in members}
    if not by_id:
        return
    anchors = [m.anchor for m in by_id.values()]
    low, high = window_bounds(min(anchors), window)[0], window_bounds(max(anchors), window)[1]
    reports = MetricReport.objects.filter(source__in=FOLLOW_UP_SOURCES, period__gte=low, period__lte=high)
    ids = list(by_id)
    batches = [reports.filter(enterprise_id__in=ids[i : i + 5000]) for i in range(0, len(ids), 5000)]
    if len(ids) > 50_000:
        batches = [reports]  # cheaper to stream the period's reports than to send the ids
    bounds: dict[date, tuple[date, date]] = {}
    for batch in batches:
        rows = batch.order_by("enterprise_id", "period", "id").values_list(
            "enterprise_id", "period", "omzet", "aset", "workers", "source"
        )
        for enterprise_id, period, omzet, aset, workers, source in rows.iterator(chunk_size=10_000):
            member = by_id.get(enterprise_id)
            if member is None:
                continue
            if member.anchor not in bounds:
                bounds[member.anchor] = window_bounds(member.anchor, window)
            first, last = bounds[member.anchor]
            if first <= period <= last:
                member.followup, member.followup_period = (omzet, aset, workers), period
                member.followup_source = source


def cohort(user: User, f: CohortFilter, *, with_comparison: bool = True) -> Cohort:
    """The cohort as the user may see it."""
    return cohort_of(enterprises_for_user(user), f, with_comparison=with_comparison)


def cohort_of(enterprises: QuerySet[Enterprise], f: CohortFilter, *, with_comparison: bool = True) -> Cohort:
    """The cohort among the given enterprises (the public heroes page passes those that consented)."""
    result = Cohort(f, participants(enterprises, f), comparison(enterprises, f) if with_comparison else [])
    attach_followups(result.participants + result.comparison, f.window)
    return result
