"""The cohort report at scale: every enterprise a graduate (or, one in five, a consenting applicant who
was not selected) with four metric reports — the baseline and three follow-ups.

    DATABASE_URL=postgres://naikkelas@127.0.0.1:5432/naikkelas_bench .venv/bin/python bench/outcomes_scale.py
    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/outcomes_scale.py --generate 100000

Prints the median time and peak Python memory of the report's figures computed by the database
(`outcomes.aggregates`: what /hasil/ and the API show), of the Python path before it (members read into
Python, `report.summarize`) and optionally of the impact estimate, beside a hand-written SQL aggregate
producing the same totals and medians (the floor; totals only on SQLite, which has no percentile_cont),
and ends with `cohort_vs_floor: X.XX`.
The enterprises come from `naikkelas generate` (`--generate N` makes them first when there are fewer).
"""

import argparse
import statistics
import time
import tracemalloc
from datetime import date

from _setup import database_label, prepare
from django.core.management import call_command
from django.db import connection, transaction

from naikkelas.accounts.models import Organisation, User
from naikkelas.outcomes import aggregates, cohort, report, summaries
from naikkelas.programs.models import Batch, Level, Program, Tier
from naikkelas.programs.services.batches import batch_create
from naikkelas.programs.services.levels import level_create
from naikkelas.programs.services.programs import program_create
from naikkelas.registry.models import Enterprise
from naikkelas.training.models import Graduation

PROGRAM = "Bench hasil"
GRADUATED = date(2021, 5, 21)
FOLLOW_UPS = [("2021-08-01", 1.2), ("2021-11-01", 1.5), ("2022-04-01", 1.8)]  # months 3, 6 and 11


def level_and_batch() -> tuple[Level, Batch, bool]:
    owner, _ = Organisation.objects.get_or_create(
        name="Bench Balatkop", defaults={"kind": Organisation.Kind.PROVINCE_CENTRE, "region_id": "33"}
    )
    program = Program.objects.filter(name=PROGRAM).first()
    if program is not None:
        level = program.levels.get()
        return level, level.batches.get(), False
    program = program_create(actor=None, name=PROGRAM, year=2021, owner=owner)
    level = level_create(actor=None, program=program, rank=1, name="Dasar", tier=Tier.PROVINCE)
    batch = batch_create(
        actor=None, level=level, organiser=owner, title="Bench hasil", start_date=date(2021, 5, 10),
        capacity=10_000_000, opens_on=date(2021, 3, 1), closes_on=date(2021, 3, 31),
    )  # fmt: skip
    return level, batch, True


def populate(level: Level, batch: Batch) -> None:
    """Applications, graduations and three follow-up reports for every enterprise, in SQL."""
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO selection_application (batch_id, level_id, enterprise_id, person_id, baseline_id, answers,
                status, eligibility, eligibility_settings, decision_reason, decision_reason_en, needs_second_look,
                override_reason, consent_purpose, consent_version, consented_at, followup_consent, status_nonce,
                submitted_at, province_code, regency_code)
            SELECT %s, %s, e.id, e.owner_id, m.id, '[]', CASE WHEN MOD(e.id, 5) = 0 THEN 'rejected' ELSE 'selected' END,
                '[]', '{}', '', '', false, '', 'bench', 'bench', '2021-03-02 00:00:00+00', true, 'bench-' || e.id,
                '2021-03-02 00:00:00+00', e.province_code, e.regency_code
            FROM registry_enterprise e JOIN registry_metricreport m ON m.enterprise_id = e.id AND m.source = 'application'
            """,
            [batch.pk, level.pk],
        )
        cursor.execute(
            """
            INSERT INTO selection_graduation (enterprise_id, level_id, batch_id, graduated_on)
            SELECT enterprise_id, level_id, batch_id, %s FROM selection_application
            WHERE level_id = %s AND status = 'selected'
            """,
            [GRADUATED, level.pk],
        )
        for period, factor in FOLLOW_UPS:
            cursor.execute(
                """
                INSERT INTO registry_metricreport (enterprise_id, period, omzet, aset, workers, source, note, created_at)
                SELECT m.enterprise_id, %s, CAST(m.omzet * %s AS BIGINT), CAST(m.aset * %s AS BIGINT),
                    CAST(m.workers * %s AS INTEGER), 'follow_up', '', '2022-05-01 00:00:00+00'
                FROM registry_metricreport m WHERE m.source = 'application'
                """,
                [period, factor, (1 + factor) / 2, factor],
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"populated in {time.perf_counter() - started:.1f} s")


FLOOR = """
SELECT COUNT(*), SUM(b.omzet), SUM(f.omzet), SUM(b.aset), SUM(f.aset), SUM(b.workers), SUM(f.workers)
FROM selection_graduation g
JOIN selection_application a ON a.enterprise_id = g.enterprise_id AND a.level_id = g.level_id AND a.status = 'selected'
JOIN registry_metricreport b ON b.id = a.baseline_id
JOIN registry_metricreport f ON f.enterprise_id = g.enterprise_id
    AND f.source IN ('follow_up', 'mentor_visit') AND f.period BETWEEN %s AND %s
WHERE g.level_id = %s AND NOT EXISTS (
    SELECT 1 FROM registry_metricreport l
    WHERE l.enterprise_id = f.enterprise_id AND l.source IN ('follow_up', 'mentor_visit')
      AND l.period BETWEEN %s AND %s AND (l.period > f.period OR (l.period = f.period AND l.id > f.id))
)
"""
# The same totals and the six medians, as one would write them by hand on PostgreSQL.
FLOOR_PG = """
WITH f AS (
    SELECT DISTINCT ON (r.enterprise_id) r.enterprise_id, r.omzet, r.aset, r.workers
    FROM registry_metricreport r
    WHERE r.source IN ('follow_up', 'mentor_visit') AND r.period BETWEEN %s AND %s
    ORDER BY r.enterprise_id, r.period DESC, r.id DESC
)
SELECT COUNT(*), SUM(b.omzet), SUM(f.omzet), SUM(b.aset), SUM(f.aset), SUM(b.workers), SUM(f.workers),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY b.omzet), percentile_cont(0.5) WITHIN GROUP (ORDER BY f.omzet),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY b.aset), percentile_cont(0.5) WITHIN GROUP (ORDER BY f.aset),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY b.workers), percentile_cont(0.5) WITHIN GROUP (ORDER BY f.workers)
FROM selection_graduation g
JOIN selection_application a ON a.enterprise_id = g.enterprise_id AND a.level_id = g.level_id AND a.status = 'selected'
JOIN registry_metricreport b ON b.id = a.baseline_id
JOIN f ON f.enterprise_id = g.enterprise_id
WHERE g.level_id = %s
"""


def timed(call, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_mib(call) -> float:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    call()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--generate", type=int, default=0, help="make this many enterprises first if fewer exist"
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-python", action="store_true", help="leave out the old Python path")
    parser.add_argument("--impact", action="store_true", help="also time the comparison and impact estimate")
    args = parser.parse_args()
    prepare()
    have = Enterprise.objects.count()
    if args.generate and have < args.generate:
        call_command("generate", enterprises=args.generate - have, province="33", verbosity=0)
    level, batch, _made = level_and_batch()
    if not Graduation.objects.filter(level=level).exists():
        populate(level, batch)
    user = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench-super", "", "x"
    )
    f = cohort.CohortFilter(program=level.program_id, level=1)
    enterprises = Enterprise.objects.count()

    def python_path() -> report.Summary:  # before: every member read into Python
        return report.summarize(cohort.cohort(user, f, with_comparison=False).participants)

    def report_only() -> report.Summary:  # what /hasil/ and the API run now
        return aggregates.summary_for_user(user, f)

    def page_figures() -> aggregates.Figures:  # the page: summary, both breakdowns and the growth chart
        return aggregates.figures_for_user(user, f)

    def with_impact() -> report.Impact:
        found = cohort.cohort(user, f)
        return report.impact(found.participants, found.comparison)

    postgresql = connection.vendor == "postgresql"

    def floor() -> tuple[int, ...]:
        with connection.cursor() as cursor:
            low, high = date(2021, 11, 1), date(2022, 5, 1)  # months 6 to 12 after May 2021
            if postgresql:
                cursor.execute(FLOOR_PG, [low, high, level.pk])
            else:
                cursor.execute(FLOOR, [low, high, level.pk, low, high])
            return tuple(cursor.fetchone())

    # the floor and the report taken in turn, so that both see the same load on a shared machine
    floor_times, report_times, totals, summary = [], [], (), None
    for _ in range(args.repeat):
        one, totals = timed(floor, 1)
        two, summary = timed(report_only, 1)
        floor_times.append(one)
        report_times.append(two)
    floor_seconds, seconds = statistics.median(floor_times), statistics.median(report_times)
    page_seconds, _found = timed(page_figures, args.repeat)
    s: report.Summary = summary  # type: ignore[assignment]
    assert totals[0] == s.with_followup and totals[1] == s.metrics["omzet"].baseline_total, (totals, s)
    assert totals[2] == s.metrics["omzet"].followup_total and totals[6] == s.metrics["workers"].followup_total
    if postgresql:
        assert (
            totals[7] == s.metrics["omzet"].baseline_median
            and totals[8] == s.metrics["omzet"].followup_median
        )
    python_seconds, before = timed(python_path, 1) if not args.skip_python else (None, None)
    if before is not None:
        assert before == s, (before, s)
    print(f"cohort report on {database_label()}: {enterprises:,} enterprises × 4 reports, "
          f"{s.participants:,} participants, {s.with_followup:,} with follow-up")  # fmt: skip
    print("| what | median s | peak Python MiB |")
    print("|---|---:|---:|")
    if python_seconds is not None:
        print(
            f"| before: members read into Python + `summarize` | {python_seconds:.2f} | {peak_mib(python_path):.0f} |"
        )
    print(
        f"| totals, medians, response rate in SQL (`aggregates.summary_for_user`) | {seconds:.2f} | {peak_mib(report_only):.2f} |"
    )
    print(
        f"| the page's figures (summary, per sector, per regency/city, growth chart), one pass | {page_seconds:.2f} | {peak_mib(page_figures):.2f} |"
    )
    started = time.perf_counter()
    rows = summaries.summaries_refresh()
    refresh_seconds = time.perf_counter() - started
    national = cohort.CohortFilter(year=2021, level=1)

    def summary_read() -> object:
        return summaries.figures_from_summaries(user, national)

    read_seconds, kept = timed(summary_read, args.repeat)
    assert kept is not None and kept[0] == aggregates.figures_for_user(user, national), "summaries differ"  # type: ignore[index]
    print(f"| refresh of the summary tables (background task, {rows:,} rows) | {refresh_seconds:.2f} | – |")
    print(
        f"| national report read from the summary tables | {read_seconds:.3f} | {peak_mib(summary_read):.2f} |"
    )
    what = "totals and medians" if postgresql else "totals"
    print(f"| hand-written SQL aggregate, same {what} (floor) | {floor_seconds:.2f} | – |")
    if args.impact:
        impact_seconds, impact = timed(with_impact, 1)
        print(f"| with the comparison group and the impact estimate | {impact_seconds:.2f} | – |")
        i: report.Impact = impact  # type: ignore[assignment]
        if i.raw is not None:
            print(f"impact: {i.raw.percent:+.1f} % [{i.raw.percent_low:+.1f}, {i.raw.percent_high:+.1f}]")
    print(f"summary_read_vs_floor: {read_seconds / floor_seconds:.3f}")
    print(f"cohort_vs_floor: {seconds / floor_seconds:.2f}")


if __name__ == "__main__":
    main()
