"""Who is in a cohort and what their figures did: the reads behind the outcomes reports.

A **participant** is an enterprise that graduated from a level matching the filter (counted once, at its
latest such graduation). Its **baseline** is the frozen report of its application to that level; its
**follow-up** is its latest report from a follow-up or a mentor visit whose month lies in the window after
graduation (default 6–12 months). The **comparison group** (defined once, in `selection.cohorts`, for
the follow-up schedule and the impact designs too) are eligible applicants to the same levels who were
not selected, never selected in that program, and agreed to follow-ups; their clock starts at the end
of the batch they entered at. Everything is read through the caller's scope (a regency admin sees their
regency's enterprises only, totals included)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from naikkelas.accounts.models import User
from naikkelas.core.dates import add_months, first_of_month
from naikkelas.mentoring.models import FollowUp
from naikkelas.registry.access import enterprises_for_user
from naikkelas.registry.models import Enterprise, MetricReport
from naikkelas.selection.cohorts import COMPARISON, comparison_applications, measured_applicants
from naikkelas.selection.models import Application
from naikkelas.training.models import Graduation

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


def matching_graduations(f: CohortFilter) -> QuerySet[Graduation]:
    """The graduations of the levels and batch the filter names, of any enterprise, in no one's scope:
    only for what is not shown (the graduation dates the report's windows are computed for)."""
    graduations = Graduation.objects.filter(_level_filters(f, "level__"))
    if f.batch:
        graduations = graduations.filter(batch_id=f.batch)
    return graduations


def _graduations(enterprises: QuerySet[Enterprise], f: CohortFilter) -> QuerySet[Graduation]:
    return matching_graduations(f).filter(_enterprise_filters(f, "enterprise__"), enterprise__in=enterprises)


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
    """The comparison members (`selection.cohorts`) among the enterprises, from the end of their entry batch."""
    scope = Q(batch_id=f.batch) if f.batch else _level_filters(f, "level__")
    applications = Application.objects.filter(
        scope, _enterprise_filters(f, "enterprise__"), enterprise__in=enterprises
    )
    # only the enterprises with an application that could make them comparison members (all of their
    # applications, for the entry rule): at 100,000 that reads 20,000 rows into Python instead of 100,000
    found = measured_applicants(
        applications.filter(enterprise_id__in=comparison_applications(applications).values("enterprise_id")),
        extra=(
            "baseline__omzet",
            "baseline__aset",
            "baseline__workers",
            "enterprise__sector",
            "baseline__period",
        ),
    )
    return [
        Member(m.enterprise_id, "comparison", m.anchor, (m.extra[0], m.extra[1], m.extra[2]), m.regency_code,
               m.extra[3], baseline_period=m.extra[4])
        for m in found
        if m.group == COMPARISON
    ]  # fmt: skip


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
    closed: bool = False  # answered, by the window's end, that the business has closed
    earlier_omzet: int | None = None  # turnover two months before the baseline month (else one), if given
    baseline_period: date | None = None
    size_class: str = ""

    @property
    def verified(self) -> bool:
        """The follow-up figures were confirmed on a mentor's visit."""
        return self.followup is not None and self.followup_source == MetricReport.Source.MENTOR_VISIT

    @property
    def centred(self) -> float | None:
        """The score minus the batch's cutoff (≥ 0: made it)."""
        return None if self.score is None or self.cutoff is None else self.score - self.cutoff

    @property
    def measured(self) -> bool:
        """Whether we may ask for their figures at all: every selected applicant; a non-selected one
        only with follow-up consent (`selection.cohorts` returns no one else)."""
        return self.offered or self.consent


def applicants(enterprises: QuerySet[Enterprise], f: CohortFilter) -> list[Applicant]:
    """The participants and comparison members (`selection.cohorts`) of the levels matching the filter,
    once per enterprise at its entry (a Dasar graduate who went on is measured from Dasar)."""
    scope = Q(batch_id=f.batch) if f.batch else _level_filters(f, "level__")
    found = measured_applicants(
        Application.objects.filter(scope, _enterprise_filters(f, "enterprise__"), enterprise__in=enterprises),
        extra=("baseline__omzet", "baseline__aset", "baseline__workers", "enterprise__sector",
               "omzet_two_months_before", "omzet_month_before", "baseline__period", "enterprise__size_class"),
    )  # fmt: skip
    graduations: dict[int, list[tuple[int, int]]] = {}
    for enterprise_id, program_id, rank in Graduation.objects.filter(
        enterprise_id__in=[m.enterprise_id for m in found]
    ).values_list("enterprise_id", "level__program_id", "level__rank"):
        graduations.setdefault(enterprise_id, []).append((program_id, rank))
    applicants = []
    for m in found:
        done = graduations.get(m.enterprise_id, [])
        assert m.batch_id is not None
        applicants.append(
            Applicant(
                m.enterprise_id, m.batch_id, m.rank, m.offered, m.consent, m.anchor,
                (m.extra[0], m.extra[1], m.extra[2]), m.regency_code, m.extra[3], score=m.score, cutoff=m.cutoff,
                graduated=(m.program_id, m.rank) in done,
                went_on=any(p == m.program_id and r > m.rank for p, r in done),
                earlier_omzet=m.extra[4] if m.extra[4] is not None else m.extra[5], baseline_period=m.extra[6], size_class=m.extra[7] or "",
            )
        )  # fmt: skip
    return applicants


def applicants_of_user(user: User, f: CohortFilter) -> list[Applicant]:
    """The applicants the user may see, with their figures in the window (from their batch's end)."""
    found = [a for a in applicants(enterprises_for_user(user), f) if a.measured]
    attach_followups(found, f.window)
    attach_closures(found, f.window)
    return found


def attach_closures(applicants: list[Applicant], window: tuple[int, int]) -> None:
    """Mark those without figures in the window who answered a follow-up of their entry (the same anchor)
    at or before the window's last month that the business had closed."""
    by_key = {(a.enterprise_id, a.anchor): a for a in applicants if a.followup is None}
    ids = sorted({key[0] for key in by_key})
    for start in range(0, len(ids), 5000):
        for enterprise_id, anchor in FollowUp.objects.filter(
            enterprise_id__in=ids[start : start + 5000],
            status=FollowUp.Status.CLOSED,
            month_offset__lte=window[1],
        ).values_list("enterprise_id", "anchor_on"):
            found = by_key.get((enterprise_id, anchor))
            if found is not None:
                found.closed = True


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


def comparison_for_user(user: User, f: CohortFilter) -> list[Member]:
    """The comparison members the user may see, with their follow-ups in the window."""
    found = comparison(enterprises_for_user(user), f)
    attach_followups(found, f.window)
    return found


def cohort_of(enterprises: QuerySet[Enterprise], f: CohortFilter, *, with_comparison: bool = True) -> Cohort:
    """The cohort among the given enterprises (the public heroes page passes those that consented)."""
    result = Cohort(f, participants(enterprises, f), comparison(enterprises, f) if with_comparison else [])
    attach_followups(result.participants + result.comparison, f.window)
    return result
