"""Per-region summary tables: what a national or province report reads instead of the rows.

`summaries_refresh_task` (django.tasks, like the impact estimates) computes, for every program year and
level rank (and for "any level"), the report's figures for Indonesia, every province and every
regency/city, each also per sector, with the default follow-up window, and replaces the table
(`CohortSummary`) in one transaction. A report whose filter is only year, level and a province or
regency/city, read by someone whose scope is that region or wider, reads its rows: the totals, the
response rate and the growth chart; the breakdown per regency/city from the regencies' rows and per
sector from the region's sector rows.

What is exact from summaries: every row is computed for its own region and sector by the database
(`aggregates`), so counts, sums, ratios, percent changes, response rates **and medians** are the
figures of that region; a report never adds medians (a median across regions is not a sum of medians):
it reads the row of its own region. What summaries cannot answer — a district, a batch, a program, a
sector or size-class filter, another window, a scope narrower than a region (a mentor, a trainer), or
figures in real rupiah — is computed from the rows (`aggregates.figures_for_user`). The page shows the
data's age ("data per 1 Desember 2026 19.40"); a read older than `OUTCOMES_SUMMARY_MAX_AGE_SECONDS` queues
a refresh (once per that period, noted in the cache) and shows the kept figures meanwhile."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from naikkelas.accounts.access import scope_for_user
from naikkelas.accounts.models import User
from naikkelas.outcomes.aggregates import Figures, figure_sets, python_median
from naikkelas.outcomes.cohort import METRICS, CohortFilter
from naikkelas.outcomes.models import CohortSummary
from naikkelas.outcomes.report import MetricSummary, Summary
from naikkelas.registry.models import Enterprise
from naikkelas.training.models import Graduation

DEFAULT_WINDOW = CohortFilter().window
SETS = ("all", "province", "regency_code", "sector", "province_sector", "regency_sector")
REGION_SETS = ("all", "province", "regency_code")
REFRESH_QUEUED = "outcomes:summaries-refresh-queued"


def summaries_refresh() -> int:
    """Recompute every summary row from the data; returns how many rows were written."""
    now = timezone.now()
    keys = sorted(set(Graduation.objects.values_list("level__program__year", "level__rank").distinct()))
    cohorts = sorted({(year, rank) for year, rank in keys} | {(year, 0) for year, _rank in keys})
    rows = []
    for year, rank in cohorts:
        f = CohortFilter(year=year, level=rank or None)
        sets, growth = figure_sets(Enterprise.objects.all(), f, SETS, growth=REGION_SETS)
        for name, found in sets.items():
            for key, summary in found.items():
                region, sector = _region_and_sector(name, key)
                bins = growth.get(name, {}).get(region, []) if not sector else []
                rows.append(_row(year, rank, region, sector, summary, bins, now))
    with transaction.atomic():
        CohortSummary.objects.all().delete()
        CohortSummary.objects.bulk_create(rows, batch_size=1000)
    cache.delete(REFRESH_QUEUED)
    return len(rows)


@task()
def summaries_refresh_task() -> int:
    """The refresh in the background: queued by a stale read, or by a schedule (`db_worker` + cron)."""
    return summaries_refresh()


def _region_and_sector(name: str, key: str) -> tuple[str, str]:
    if name == "all":
        return "", ""
    if name == "sector":
        return "", key
    if name.endswith("_sector"):
        region, _bar, sector = key.partition("|")
        return region, sector
    return key, ""


def _row(
    year: int, rank: int, region: str, sector: str, s: Summary, bins: list[int], now: datetime
) -> CohortSummary:
    return CohortSummary(
        year=year, rank=rank, region_code=region, sector=sector, participants=s.participants,
        with_followup=s.with_followup,
        totals=[[s.metrics[m].baseline_total, s.metrics[m].followup_total] for m in METRICS],
        medians=[[s.metrics[m].baseline_median, s.metrics[m].followup_median] for m in METRICS],
        growth_counts=bins, computed_at=now,
    )  # fmt: skip


def _summary(row: CohortSummary) -> Summary:
    metrics = {
        name: MetricSummary(
            baseline_total=row.totals[i][0], followup_total=row.totals[i][1],
            baseline_median=python_median(row.medians[i][0], row.with_followup),
            followup_median=python_median(row.medians[i][1], row.with_followup),
        )
        for i, name in enumerate(METRICS)
    }  # fmt: skip
    return Summary(row.participants, row.with_followup, metrics)


def summary_region(user: User, f: CohortFilter) -> str | None:
    """The region whose summary rows answer this report for this user ("" for Indonesia), or None when
    the report needs the rows (a narrower filter or scope)."""
    narrowing = (f.program, f.batch, f.sector, f.size_class)
    if f.year is None or any(narrowing) or f.window != DEFAULT_WINDOW:
        return None
    if f.region is not None and len(f.region) not in (2, 5):
        return None
    scope = scope_for_user(user)
    if scope.superuser:
        reach = ""
    else:
        grants = scope.grants
        if len(grants) != 1 or grants[0] not in scope.regional_grants:
            return None  # several memberships or a relation role (mentor, trainer): the rows decide
        reach = grants[0].region.code if grants[0].region is not None else ""
    region = f.region or reach
    return region if region.startswith(reach) else None


def figures_from_summaries(user: User, f: CohortFilter) -> tuple[Figures, datetime] | None:
    """The report's figures read from the summary rows, with the time they were computed; None when the
    summaries cannot answer (see `summary_region`) or have not been computed yet. A read of rows older
    than `OUTCOMES_SUMMARY_MAX_AGE_SECONDS` queues a refresh."""
    region = summary_region(user, f)
    if region is None:
        return None
    assert f.year is not None
    rows = CohortSummary.objects.filter(year=f.year, rank=f.level or 0)
    if not rows.exists():
        return None
    own = list(rows.filter(region_code=region))
    regencies = [r for r in rows.filter(region_code__startswith=region, sector="") if len(r.region_code) == 5]
    whole = next((r for r in own if r.sector == ""), None)
    computed_at = (
        min(r.computed_at for r in [*own, *regencies]) if own else rows.earliest("computed_at").computed_at
    )
    max_age = settings.OUTCOMES_SUMMARY_MAX_AGE_SECONDS
    # once per period, not once per read: a busy page would queue a refresh behind every request
    if computed_at < timezone.now() - timedelta(seconds=max_age) and cache.add(REFRESH_QUEUED, True, max_age):
        summaries_refresh_task.enqueue()
    empty = [0] * (len(whole.growth_counts) if whole else 7)
    figures = Figures(
        summary=_summary(whole)
        if whole
        else Summary(0, 0, {m: MetricSummary(0, 0, None, None) for m in METRICS}),
        by_sector=sorted(((r.sector, _summary(r)) for r in own if r.sector), key=lambda item: item[0]),
        by_regency=sorted(((r.region_code, _summary(r)) for r in regencies), key=lambda item: item[0]),
        growth_counts=list(whole.growth_counts) if whole else empty,
    )
    return figures, computed_at
