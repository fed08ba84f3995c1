"""The cohort report's figures computed by the database: totals, medians, breakdowns and response rates.

The same figures as `report.summarize` / `report.breakdown` over `cohort.participants` with
`cohort.attach_followups`, without reading a member into Python. Who is a participant stays defined once
(`cohort._graduations`, the scoped graduations matching the filter); this module only says, in SQL:

- the latest such graduation per enterprise (the latest day, then the lowest id), chosen by the same
  ROW_NUMBER that picks its follow-up (no anti-join: see `_members_sql`);
- its baseline: the frozen report of its selected application to that level;
- its follow-up: the latest follow-up or mentor-visit report (by month, then id) whose month lies in the
  window after that graduation (`cohort.window_bounds`, computed once per distinct graduation date in
  Python and handed to the query as a small table, so the window rule lives in one place);
- counts and sums as aggregates over the members who answered (a balanced panel);
- medians: `percentile_cont(0.5) WITHIN GROUP` on PostgreSQL; elsewhere the middle one or two values by
  ROW_NUMBER, averaged in Python exactly as `statistics.median` does (an odd count gives the value
  itself, an even count the mean of the two middle ones)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, QuerySet

from naikkelas.accounts.models import User
from naikkelas.outcomes import cohort
from naikkelas.outcomes.cohort import FOLLOW_UP_SOURCES, METRICS, CohortFilter, _graduations, window_bounds
from naikkelas.outcomes.models import PriceIndex
from naikkelas.outcomes.prices import RealTotals
from naikkelas.outcomes.report import MetricSummary, Summary
from naikkelas.registry.access import enterprises_for_user
from naikkelas.registry.models import Enterprise, MetricReport
from naikkelas.selection.models import Application

GROUPS = {
    "all": None, "sector": "m.sector", "regency_code": "m.regency_code",
    # the summary tables' sets (`outcomes.summaries`): each region level, and each with its sectors
    "province": "SUBSTR(m.regency_code, 1, 2)",
    "province_sector": "SUBSTR(m.regency_code, 1, 2) || '|' || m.sector",
    "regency_sector": "m.regency_code || '|' || m.sector",
}  # fmt: skip
GROWTH_EDGES = (-25, 0, 25, 50, 100, 200)  # `charts.EDGES` without its outer −∞ and +∞
_COLUMNS = [f"{side}_{name}" for name in METRICS for side in ("b", "f")]  # b_omzet, f_omzet, b_aset, ...
_ANSWERED = "m.f_id IS NOT NULL"


def _members_sql(enterprises: QuerySet[Enterprise], f: CohortFilter) -> tuple[str, list[Any], str] | None:
    """A `WITH` clause ending in `m`: one row per participant (its latest matching graduation) with its
    baseline (b_…) and its follow-up in the window (f_…, NULL without one); None when nobody graduated
    from the levels at all."""
    graduations = _graduations(enterprises, f)
    alias = graduations.db
    # the windows of every graduation date of the levels, whoever's: a superset of the members' dates (an
    # unused window joins nothing) read without the scope's semi-join — 20 ms instead of 76 at 100,000
    anchors = sorted(set(cohort.matching_graduations(f).values_list("graduated_on", flat=True).distinct()))
    if not anchors:
        return None
    graduated = graduations.values(
        "id", "enterprise_id", "level_id", "graduated_on",
        regency_code=F("enterprise__regency_code"), sector=F("enterprise__sector"),
    )  # fmt: skip
    try:
        graduation_sql, graduation_params = graduated.query.get_compiler(using=alias).as_sql()
    except EmptyResultSet:  # a scope that can hold nobody (.none()): the anchors were read without it
        return None
    windows: list[Any] = []
    for anchor in anchors:
        windows += [anchor, *window_bounds(anchor, f.window)]
    sql = f"""
        WITH windows (anchor, low, high) AS (VALUES {", ".join(["(%s, %s, %s)"] * len(anchors))}),
        graduated AS ({graduation_sql}),
        members AS (
            SELECT g.enterprise_id, g.id AS g_id, g.graduated_on, g.regency_code, g.sector, w.low, w.high,
                b.id AS b_id, b.period AS b_period, b.omzet AS b_omzet, b.aset AS b_aset, b.workers AS b_workers
            FROM graduated g
            JOIN windows w ON w.anchor = g.graduated_on
            LEFT JOIN {Application._meta.db_table} a ON a.enterprise_id = g.enterprise_id AND a.level_id = g.level_id
                AND a.status = %s
            LEFT JOIN {MetricReport._meta.db_table} b ON b.id = a.baseline_id
        ),
        -- one ROW_NUMBER picks both the latest graduation (the latest day, then the lowest id) and its latest
        -- report in its window (by month, then id), over every matching graduation joined to its reports:
        -- no anti-join, and `members` read once, so PostgreSQL inlines it instead of materialising it.
        -- A latest graduation without a selected application (recorded by hand) has no baseline: the
        -- enterprise is left out, not counted at an earlier graduation (as `cohort.participants` does)
        m AS (
            SELECT * FROM (
                SELECT members.*, r.enterprise_id AS f_id, r.period AS f_period,
                    r.omzet AS f_omzet, r.aset AS f_aset, r.workers AS f_workers,
                    ROW_NUMBER() OVER (PARTITION BY members.enterprise_id
                        ORDER BY members.graduated_on DESC, members.g_id, r.period DESC, r.id DESC) AS f_rank
                FROM members LEFT JOIN {MetricReport._meta.db_table} r ON r.enterprise_id = members.enterprise_id
                    AND r.source IN (%s, %s) AND r.period >= members.low AND r.period <= members.high
                    AND r.period BETWEEN %s AND %s
            ) ranked WHERE f_rank = 1 AND b_id IS NOT NULL
        )
    """  # fmt: skip  # noqa: S608 - table names and placeholders only
    # the windows' overall span as constants too: the planner can read the reports of those months at
    # once and join them to the members by hash, instead of one index lookup per member
    span = [min(windows[1::3]), max(windows[2::3])]
    params = [*windows, *graduation_params, Application.Status.SELECTED, *FOLLOW_UP_SOURCES, *span]
    return sql, params, alias


def _run(sql: str, params: Sequence[Any], alias: str) -> list[tuple[Any, ...]]:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


@dataclass(frozen=True)
class Figures:
    """Every figure set of the report from one pass over the members: the whole cohort, per sector, per
    regency/city (each sorted by value, as `report.breakdown` sorts), and the growth chart's counts."""

    summary: Summary
    by_sector: list[tuple[str, Summary]]
    by_regency: list[tuple[str, Summary]]
    growth_counts: list[int]


def _branches(sets: Sequence[str], select: str, source: str) -> str:
    """One UNION ALL branch per figure set: `select` over `source`, grouped by the set's column."""
    branches = []
    for name in sets:
        group = GROUPS[name]
        key = group or "''"
        grouping = f"GROUP BY {group}" if group else ""
        branches.append(f"SELECT '{name}' AS kind, {key} AS grp, {select} FROM {source} {grouping}")  # noqa: S608 - names only
    return " UNION ALL ".join(branches)


def figure_sets(
    enterprises: QuerySet[Enterprise],
    f: CohortFilter,
    sets: Sequence[str] = tuple(GROUPS),
    *,
    percentile: bool | None = None,
    growth: Sequence[str] = ("all",),
) -> tuple[dict[str, dict[str, Summary]], dict[str, dict[str, list[int]]]]:
    """Summaries per figure set and value (the "all" set keyed ""), and the growth chart's counts per
    set in `growth` and value. `percentile` forces the median method (default: percentile_cont on
    PostgreSQL, the middle rows elsewhere)."""
    counts: dict[str, dict[str, list[int]]] = {name: {} for name in growth}
    found = _members_sql(enterprises, f)
    if found is None:
        return {name: {} for name in sets}, counts
    members, params, alias = found
    postgresql = connections[alias].vendor == "postgresql"
    if percentile is None:
        percentile = postgresql
    width = len(_COLUMNS)
    sums = ", ".join(f"SUM(CASE WHEN {_ANSWERED} THEN m.{c} END)" for c in _COLUMNS)
    medians = "".join(
        f", percentile_cont(0.5) WITHIN GROUP (ORDER BY m.{c}) FILTER (WHERE {_ANSWERED})" for c in _COLUMNS
    )
    select = f"COUNT(*), COUNT(m.f_id), {sums}{medians if percentile else ''}"
    sql = _branches(sets, select, "m")
    growth_params: list[Any] = []
    double = "DOUBLE PRECISION" if postgresql else "REAL"
    # a double on both engines, as Python's division gives it: a firm falls in `charts`' bin
    percent = f"CAST(m.f_omzet - m.b_omzet AS {double}) * 100 / m.b_omzet"
    bins = " ".join(f"WHEN {percent} < %s THEN '{i}'" for i in range(len(GROWTH_EDGES)))
    nulls = ", NULL" * (width * (2 if percentile else 1))
    for name in growth:
        group = GROUPS[name]
        key = f"{group} || '|' || bin" if group else "bin"
        sql += (
            f" UNION ALL SELECT 'growth:{name}', {key}, COUNT(*), NULL{nulls} FROM (SELECT m.*, CASE {bins} ELSE "  # noqa: S608 - names, placeholders
            f"'{len(GROWTH_EDGES)}' END AS bin FROM m WHERE {_ANSWERED} AND m.b_omzet > 0) m GROUP BY {key}"
        )
        growth_params += GROWTH_EDGES
    rows = _run(f"{members} {sql}", [*params, *growth_params], alias)
    middles = {} if percentile else _middles(members, params, alias, sets)
    summaries: dict[str, dict[str, Summary]] = {name: {} for name in sets}
    for row in rows:
        kind, key, total, with_followup = row[0], row[1], row[2], row[3]
        if kind.startswith("growth:"):
            value, _bar, position = key.rpartition("|")
            found_bins = counts[kind[len("growth:") :]].setdefault(value, [0] * (len(GROWTH_EDGES) + 1))
            found_bins[int(position)] = total
            continue
        if not total:
            continue
        totals = row[4 : 4 + width]
        medians_row = list(row[4 + width :]) if percentile else middles.get((kind, key), [None] * width)
        metrics = {}
        for i, name in enumerate(METRICS):
            before, after = 2 * i, 2 * i + 1
            metrics[name] = MetricSummary(
                baseline_total=int(totals[before] or 0), followup_total=int(totals[after] or 0),
                baseline_median=python_median(medians_row[before], with_followup),
                followup_median=python_median(medians_row[after], with_followup),
            )  # fmt: skip
        summaries[kind][key] = Summary(total, with_followup, metrics)
    return summaries, counts


def python_median(value: Any, count: int) -> float | None:
    """As `statistics.median` gives it: the middle value itself (an int) for an odd count, else the mean
    of the two middle ones."""
    if value is None or not count:
        return None
    if isinstance(value, tuple):  # the lowest and highest of the middle one or two rows
        low, high = value
        return low if count % 2 else (low + high) / 2
    return int(value) if count % 2 else float(value)


def _middles(
    members: str, params: Sequence[Any], alias: str, sets: Sequence[str]
) -> dict[tuple[str, str], list[Any]]:
    """Per figure set, value and column, the lowest and highest of the middle one or two values of those
    who answered: an exact median without percentile_cont."""
    middle = "((n + 1) / 2, (n + 2) / 2)"
    picks = ", ".join(
        f"MIN(CASE WHEN n_{c} IN {middle} THEN {c} END), MAX(CASE WHEN n_{c} IN {middle} THEN {c} END)"
        for c in _COLUMNS
    )
    branches = []
    for name in sets:
        group = GROUPS[name]
        partition = f"PARTITION BY {group}" if group else ""
        numbered = ", ".join(
            f"m.{c}, ROW_NUMBER() OVER ({partition} ORDER BY m.{c}) AS n_{c}" for c in _COLUMNS
        )
        branches.append(
            f"SELECT '{name}' AS kind, grp, {picks} FROM (SELECT {group or "''"} AS grp, "  # noqa: S608 - names only
            f"COUNT(*) OVER ({partition}) AS n, {numbered} FROM m WHERE {_ANSWERED}) numbered GROUP BY grp"
        )
    rows = _run(f"{members} {' UNION ALL '.join(branches)}", params, alias)
    return {
        (row[0], row[1]): [(row[2 + 2 * i], row[3 + 2 * i]) for i in range(len(_COLUMNS))] for row in rows
    }


def figures_of(enterprises: QuerySet[Enterprise], f: CohortFilter) -> Figures:
    """What the report shows (`report.summarize` and `report.breakdown` over the cohort's participants,
    and the growth chart), computed by the database in one pass."""
    sets, counts = figure_sets(enterprises, f)
    return Figures(
        summary=sets["all"].get("") or Summary(0, 0, _empty_metrics()),
        by_sector=sorted(sets["sector"].items(), key=lambda item: item[0]),
        by_regency=sorted(sets["regency_code"].items(), key=lambda item: item[0]),
        growth_counts=counts["all"].get("", [0] * (len(GROWTH_EDGES) + 1)),
    )


def figures_for_user(user: User, f: CohortFilter) -> Figures:
    """The report's figures over what the user may see (a regency admin's totals are their regency's)."""
    return figures_of(enterprises_for_user(user), f)


def summary_of(enterprises: QuerySet[Enterprise], f: CohortFilter) -> Summary:
    """What `report.summarize(cohort_of(enterprises, f).participants)` gives, computed by the database."""
    sets, _counts = figure_sets(enterprises, f, ["all"], growth=())
    return sets["all"].get("") or Summary(0, 0, _empty_metrics())


def summary_for_user(user: User, f: CohortFilter) -> Summary:
    """The cohort's totals, medians and response rate over what the user may see (the API's figures)."""
    return summary_of(enterprises_for_user(user), f)


def _deflated(amount: str, then: str, base: str) -> str:
    """SQL for `prices.deflate`: `amount` × base / then rounded half to even, in integers (the indexes
    in hundredths) so that no engine's numeric rounding can differ from Python's `Decimal`, and no
    product grows past the result itself (r·base < 10¹⁴): amount = q·then + r, so
    amount × base / then = q·base + (r·base) / then."""
    whole = (
        f"({amount} / {then}) * {base} + ({amount} %% {then}) * {base} / {then}"  # %% : a parameter-free %
    )
    rest = f"(({amount} %% {then}) * {base} %% {then})"
    odd = f"({whole}) %% 2 = 1"
    return f"({whole} + CASE WHEN 2 * {rest} > {then} OR (2 * {rest} = {then} AND {odd}) THEN 1 ELSE 0 END)"


def real_totals_of(enterprises: QuerySet[Enterprise], f: CohortFilter, base: date) -> RealTotals | None:
    """What `prices.real_totals(cohort_of(enterprises, f).participants, index, base)` gives, from the same
    member SQL as the other figures (one more query, no member read into Python): the price index joined
    by province and month (of the baseline, of the follow-up and the base month), each member's rupiah
    deflated and rounded as `prices.deflate` does."""
    found = _members_sql(enterprises, f)
    if found is None:
        return None
    members, params, alias = found
    table = PriceIndex._meta.db_table
    cents = "CAST(ROUND({}.value * 100) AS BIGINT)"
    joins = " ".join(
        f"LEFT JOIN {table} {name} ON {name}.province_id = SUBSTR(m.regency_code, 1, 2) AND {name}.month = {month}"
        for name, month in (("pt", "%s"), ("pb", "m.b_period"), ("pf", "m.f_period"))
    )
    indexed = "t IS NOT NULL AND bd IS NOT NULL AND fd IS NOT NULL"
    sums = ", ".join(
        f"SUM(CASE WHEN {indexed} THEN {_deflated(f'{side}_{name}', f'{side}d', 't')} END)"
        for name in ("omzet", "aset")
        for side in ("b", "f")
    )
    sql = (
        f"{members} SELECT COUNT(*), COUNT(CASE WHEN {indexed} THEN 1 END), {sums} FROM ("  # noqa: S608 - names, placeholders
        f"SELECT m.b_omzet, m.b_aset, m.f_omzet, m.f_aset, {cents.format('pt')} AS t, {cents.format('pb')} AS bd, "
        f"{cents.format('pf')} AS fd FROM m {joins} WHERE {_ANSWERED} AND m.f_period IS NOT NULL) deflated"
    )
    answered, counted, *totals = _run(sql, [*params, base], alias)[0]
    if not counted:
        return None
    return RealTotals(
        base, counted, answered - counted,
        {"omzet": (int(totals[0]), int(totals[1])), "aset": (int(totals[2]), int(totals[3]))},
    )  # fmt: skip


def real_totals_for_user(user: User, f: CohortFilter, base: date) -> RealTotals | None:
    """The cohort's totals in base-month rupiah over what the user may see."""
    return real_totals_of(enterprises_for_user(user), f, base)


def _empty_metrics() -> dict[str, MetricSummary]:
    return {name: MetricSummary(0, 0, None, None) for name in METRICS}
