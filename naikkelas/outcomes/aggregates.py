"""The cohort report's figures computed by the database: totals, medians, breakdowns and response rates.

The same figures as `report.summarize` / `report.breakdown` over `cohort.participants` with
`cohort.attach_followups`, without reading a member into Python. Who is a participant stays defined once
(`cohort._graduations`, the scoped graduations matching the filter); this module only says, in SQL:

- the latest such graduation per enterprise (ROW_NUMBER over graduation date, descending);
- its baseline: the frozen report of its selected application to that level;
- its follow-up: the latest follow-up or mentor-visit report (by month, then id) whose month lies in the
  window after that graduation (`cohort.window_bounds`, computed once per distinct graduation date in
  Python and handed to the query as a small table, so the window rule lives in one place);
- counts and sums as aggregates over the members who answered (a balanced panel);
- medians: `percentile_cont(0.5) WITHIN GROUP` on PostgreSQL; elsewhere the middle one or two values by
  ROW_NUMBER, averaged in Python exactly as `statistics.median` does (an odd count gives the value
  itself, an even count the mean of the two middle ones)."""

from collections.abc import Sequence
from typing import Any

from django.db import connections
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from naikkelas.accounts.models import User
from naikkelas.outcomes.cohort import FOLLOW_UP_SOURCES, METRICS, CohortFilter, _graduations, window_bounds
from naikkelas.outcomes.report import MetricSummary, Summary
from naikkelas.registry.access import enterprises_for_user
from naikkelas.registry.models import Enterprise, MetricReport
from naikkelas.selection.models import Application

GROUPS = {"all": None, "sector": "m.sector", "regency_code": "m.regency_code"}
_COLUMNS = [f"{side}_{name}" for name in METRICS for side in ("b", "f")]  # b_omzet, f_omzet, b_aset, ...
_ANSWERED = "m.f_id IS NOT NULL"


def _members_sql(enterprises: QuerySet[Enterprise], f: CohortFilter) -> tuple[str, list[Any], str] | None:
    """A `WITH` clause ending in `m`: one row per participant (its latest matching graduation) with its
    baseline (b_…) and its follow-up in the window (f_…, NULL without one); None without graduates."""
    graduations = _graduations(enterprises, f)
    alias = graduations.db
    anchors = sorted(set(graduations.values_list("graduated_on", flat=True).distinct()))
    if not anchors:
        return None
    latest = graduations.values(
        "enterprise_id", "level_id", "graduated_on",
        latest=Window(RowNumber(), partition_by=[F("enterprise_id")], order_by=[F("graduated_on").desc(), F("id")]),
        regency_code=F("enterprise__regency_code"), sector=F("enterprise__sector"),
    )  # fmt: skip
    graduation_sql, graduation_params = latest.query.get_compiler(using=alias).as_sql()
    windows: list[Any] = []
    for anchor in anchors:
        windows += [anchor, *window_bounds(anchor, f.window)]
    sql = f"""
        WITH windows (anchor, low, high) AS (VALUES {", ".join(["(%s, %s, %s)"] * len(anchors))}),
        latest AS ({graduation_sql}),
        members AS (
            SELECT g.enterprise_id, g.regency_code, g.sector, w.low, w.high,
                b.omzet AS b_omzet, b.aset AS b_aset, b.workers AS b_workers
            FROM latest g
            JOIN windows w ON w.anchor = g.graduated_on
            JOIN {Application._meta.db_table} a ON a.enterprise_id = g.enterprise_id AND a.level_id = g.level_id
                AND a.status = %s
            JOIN {MetricReport._meta.db_table} b ON b.id = a.baseline_id
            WHERE g.latest = 1
        ),
        answers AS (
            SELECT r.enterprise_id, r.omzet, r.aset, r.workers,
                ROW_NUMBER() OVER (PARTITION BY r.enterprise_id ORDER BY r.period DESC, r.id DESC) AS latest
            FROM {MetricReport._meta.db_table} r
            JOIN members ON members.enterprise_id = r.enterprise_id
            WHERE r.source IN (%s, %s) AND r.period >= members.low AND r.period <= members.high
        ),
        m AS (
            SELECT members.*, f.enterprise_id AS f_id, f.omzet AS f_omzet, f.aset AS f_aset, f.workers AS f_workers
            FROM members LEFT JOIN answers f ON f.enterprise_id = members.enterprise_id AND f.latest = 1
        )
    """  # fmt: skip  # noqa: S608 - table names and placeholders only
    params = [*windows, *graduation_params, Application.Status.SELECTED, *FOLLOW_UP_SOURCES]
    return sql, params, alias


def _run(sql: str, params: Sequence[Any], alias: str) -> list[tuple[Any, ...]]:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _figures(
    enterprises: QuerySet[Enterprise], f: CohortFilter, by: str, *, percentile: bool | None = None
) -> dict[str, Summary]:
    """Summaries per value of `by` ("all" gives one, keyed ""). `percentile` forces the median method
    (default: percentile_cont on PostgreSQL, the middle rows elsewhere)."""
    found = _members_sql(enterprises, f)
    if found is None:
        return {}
    members, params, alias = found
    if percentile is None:
        percentile = connections[alias].vendor == "postgresql"
    group = GROUPS[by]
    sums = ", ".join(f"SUM(CASE WHEN {_ANSWERED} THEN m.{c} END)" for c in _COLUMNS)
    medians = "".join(
        f", percentile_cont(0.5) WITHIN GROUP (ORDER BY m.{c}) FILTER (WHERE {_ANSWERED})" for c in _COLUMNS
    )
    rows = _run(
        f"""{members}
        SELECT {group or "''"}, COUNT(*), COUNT(m.f_id), {sums}{medians if percentile else ""}
        FROM m {f"GROUP BY {group}" if group else ""}""",  # noqa: S608 - column names only
        params,
        alias,
    )
    middles = {} if percentile else _middles(members, params, alias, group)
    width = len(_COLUMNS)
    summaries = {}
    for row in rows:
        key, total, with_followup = row[0], row[1], row[2]
        if not total:
            continue
        totals = row[3 : 3 + width]
        medians_row = list(row[3 + width :]) if percentile else middles.get(key, [None] * width)
        metrics = {}
        for i, name in enumerate(METRICS):
            before, after = 2 * i, 2 * i + 1
            metrics[name] = MetricSummary(
                baseline_total=int(totals[before] or 0), followup_total=int(totals[after] or 0),
                baseline_median=_median(medians_row[before], with_followup),
                followup_median=_median(medians_row[after], with_followup),
            )  # fmt: skip
        summaries[key] = Summary(total, with_followup, metrics)
    return summaries


def _median(value: Any, count: int) -> float | None:
    """As `statistics.median` gives it: the middle value itself (an int) for an odd count, else the mean
    of the two middle ones."""
    if value is None or not count:
        return None
    if isinstance(value, tuple):  # the lowest and highest of the middle one or two rows
        low, high = value
        return low if count % 2 else (low + high) / 2
    return int(value) if count % 2 else float(value)


def _middles(members: str, params: Sequence[Any], alias: str, group: str | None) -> dict[str, list[Any]]:
    """Per group and column, the lowest and highest of the middle one or two values of those who answered:
    an exact median without percentile_cont."""
    partition = f"PARTITION BY {group}" if group else ""
    numbered = ", ".join(f"m.{c}, ROW_NUMBER() OVER ({partition} ORDER BY m.{c}) AS n_{c}" for c in _COLUMNS)
    middle = "((n + 1) / 2, (n + 2) / 2)"
    picks = ", ".join(
        f"MIN(CASE WHEN n_{c} IN {middle} THEN {c} END), MAX(CASE WHEN n_{c} IN {middle} THEN {c} END)"
        for c in _COLUMNS
    )
    rows = _run(
        f"""{members}
        SELECT grp, {picks} FROM (
            SELECT {group or "''"} AS grp, COUNT(*) OVER ({partition}) AS n, {numbered}
            FROM m WHERE {_ANSWERED}
        ) numbered GROUP BY grp""",  # noqa: S608 - column names only
        params,
        alias,
    )
    return {row[0]: [(row[1 + 2 * i], row[2 + 2 * i]) for i in range(len(_COLUMNS))] for row in rows}


def summary_of(enterprises: QuerySet[Enterprise], f: CohortFilter) -> Summary:
    """What `report.summarize(cohort_of(enterprises, f).participants)` gives, computed by the database."""
    return _figures(enterprises, f, "all").get("") or Summary(0, 0, _empty_metrics())


def breakdown_of(enterprises: QuerySet[Enterprise], f: CohortFilter, key: str) -> list[tuple[str, Summary]]:
    """What `report.breakdown(participants, key)` gives ("sector" or "regency_code"), sorted by value."""
    return sorted(_figures(enterprises, f, key).items(), key=lambda item: item[0])


def summary_for_user(user: User, f: CohortFilter) -> Summary:
    """The cohort's totals, medians and response rate over what the user may see."""
    return summary_of(enterprises_for_user(user), f)


def breakdown_for_user(user: User, f: CohortFilter, key: str) -> list[tuple[str, Summary]]:
    """The cohort's figures per sector or regency/city, over what the user may see."""
    return breakdown_of(enterprises_for_user(user), f, key)


def _empty_metrics() -> dict[str, MetricSummary]:
    return {name: MetricSummary(0, 0, None, None) for name in METRICS}
