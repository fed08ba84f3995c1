"""Selection at scale: 100,000 applications to one batch.

    DATABASE_URL=postgres://naikkelas@127.0.0.1:5432/naikkelas_bench .venv/bin/python bench/selection_scale.py

Prints wall time and peak Python memory of eligibility + scoring + ranking done the way the app does it
(rules and ranking as pure Python over rows read once), a single SQL window-function query that ranks
the same rows, then the full `selection_run` service (ranks and writes every decision with its reasons
in two languages) beside its floor: one hand-written statement that ranks and writes the same decisions
(checked equal, row for row). Both are rolled back. Last line: `selection_vs_floor: X.XX` (goal <= 2).
Needs enterprises from `naikkelas generate` in Central Java (the registry benchmark makes them).
"""

import argparse
import random
import secrets
import time
import tracemalloc
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from _setup import database_label, prepare
from django.db import connection, transaction

from naikkelas.accounts.models import Organisation
from naikkelas.programs.models import Batch, Program, Tier
from naikkelas.programs.services.batches import batch_create
from naikkelas.programs.services.levels import level_create
from naikkelas.programs.services.programs import program_create
from naikkelas.registry.models import MetricReport
from naikkelas.selection import eligibility, scoring
from naikkelas.selection.models import Application
from naikkelas.selection.services import applications as application_services
from naikkelas.selection.services import runs

PROGRAM = "Bench seleksi"
JAKARTA = ZoneInfo("Asia/Jakarta")


def ensure_batch(size: int) -> Batch:
    existing = Batch.objects.filter(level__program__name=PROGRAM, title=f"Bench {size}").first()
    if existing is not None and Application.objects.filter(batch=existing).count() >= size:
        return existing
    owner, _ = Organisation.objects.get_or_create(
        name="Bench Balatkop", defaults={"kind": Organisation.Kind.PROVINCE_CENTRE, "region_id": "33"}
    )
    program = Program.objects.filter(name=PROGRAM).first() or program_create(
        actor=None, name=PROGRAM, year=2021, owner=owner
    )
    level = program.levels.first() or level_create(
        actor=None, program=program, rank=1, name="Dasar", tier=Tier.PROVINCE
    )
    batch = existing or batch_create(
        actor=None, level=level, organiser=owner, title=f"Bench {size}", start_date=date(2021, 5, 10),
        capacity=160, opens_on=date(2021, 3, 1), closes_on=date(2021, 3, 31),
    )  # fmt: skip
    rows = list(
        MetricReport.objects.filter(source="application", enterprise__province_code="33").values_list(
            "id", "enterprise_id", "enterprise__owner_id", "enterprise__regency_code"
        )[:size]
    )
    if len(rows) < size:
        raise SystemExit(f"only {len(rows)} Central Java enterprises; run bench/registry_scale.py first")
    rng = random.Random(size)
    start = datetime(2021, 3, 1, tzinfo=JAKARTA)
    applications = [
        Application(
            batch=batch, level=level, enterprise_id=enterprise, person_id=owner, baseline_id=report,
            consent_purpose="bench", consent_version="bench", consented_at=start, status_nonce=secrets.token_hex(16),
            province_code="33", regency_code=regency, status=Application.Status.SUBMITTED,
            score=Decimal(rng.randint(100, 500)) / 100,
        )
        for report, enterprise, owner, regency in rows
    ]  # fmt: skip
    with transaction.atomic():
        # One live application per enterprise and level: a smaller run's batch gives its applicants back.
        Application.objects.filter(level=level).exclude(batch=batch).delete()
        Application.objects.bulk_create(applications, batch_size=5000)
        for application in applications:
            application.submitted_at = start + timedelta(seconds=rng.randint(0, 30 * 86400))
        Application.objects.bulk_update(applications, ["submitted_at"], batch_size=5000)
    return batch


def in_python(batch: Batch) -> tuple[float, float, int]:
    """Eligibility + scoring + ranking as pure Python over rows read once; seconds, peak MiB, eligible."""
    tracemalloc.start()
    started = time.perf_counter()
    settings = application_services.eligibility_settings(batch)
    rows = Application.objects.filter(batch=batch).values_list(
        "id", "score", "submitted_at", "regency_code", "enterprise__started_on", "baseline__omzet",
        "enterprise__nib", "enterprise__size_class", "enterprise__province_code",
    )  # fmt: skip
    candidates = []
    for pk, score, submitted, regency, started_on, omzet, nib, size, province in rows.iterator(
        chunk_size=5000
    ):
        facts = eligibility.Applicant(started_on=started_on, omzet=omzet, nib=nib, size_class=size,
                                      province_code=province, regency_code=regency)  # fmt: skip
        if eligibility.is_eligible(eligibility.evaluate(facts, settings)):
            candidates.append(
                scoring.Candidate(id=pk, score=score, submitted_at=submitted, regency_code=regency)
            )
    outcome = scoring.rank(candidates, capacity=batch.capacity, quotas={}, waitlist_size=batch.capacity)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(outcome.selected) == batch.capacity
    return elapsed, peak / 2**20, len(candidates)


def in_sql(batch: Batch) -> tuple[float, int]:
    """The floor: one window-function query ranking the same eligible rows."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT a.id, ROW_NUMBER() OVER (ORDER BY a.score DESC, a.submitted_at, a.id) AS position
            FROM selection_application a
            JOIN registry_metricreport m ON m.id = a.baseline_id
            JOIN registry_enterprise e ON e.id = a.enterprise_id
            WHERE a.batch_id = %s AND m.omzet >= %s AND e.started_on <= %s AND e.province_code = '33'
            """,
            [batch.pk, batch.level.min_omzet, date(2020, 3, 31)],
        )
        rows = cursor.fetchall()
    return time.perf_counter() - started, len(rows)


def decisions(batch: Batch) -> list[tuple]:
    rows = Application.objects.filter(batch=batch).order_by("id")
    return list(rows.values_list("id", "status", "rank", "decision_reason", "decision_reason_en"))


def floor_write(batch: Batch) -> None:
    """Rank and write every decision with its two reason texts in one statement (no quotas in the bench)."""
    named: dict = {
        "batch": batch.pk, "statuses": [Application.Status.ELIGIBLE, *runs.RANKED],
        "cap": batch.capacity, "cap2": 2 * batch.capacity, "sel": Application.Status.SELECTED,
        "wait": Application.Status.WAITLISTED, "rej": Application.Status.REJECTED,
    }  # fmt: skip
    for language in ("id", "en"):
        templates = runs._reason_templates(language)
        for i, key in enumerate([runs._SELECTED, runs._WAITLIST_FULL, runs._REJECTED]):
            named[f"{language}{i}a"], named[f"{language}{i}b"] = templates[key].split("%(rank)s")

    def reason(language: str) -> str:
        return (
            f"CASE WHEN r.position <= %(cap)s THEN %({language}0a)s || r.position || %({language}0b)s "
            f"WHEN r.position <= %(cap2)s THEN %({language}1a)s || r.position || %({language}1b)s "
            f"ELSE %({language}2a)s || r.position || %({language}2b)s END"
        )

    sql = f"""
        WITH r AS (
            SELECT id, ROW_NUMBER() OVER (ORDER BY score DESC, submitted_at, id) AS position
            FROM selection_application WHERE batch_id = %(batch)s AND status = ANY(%(statuses)s)
        )
        UPDATE selection_application a SET
            status = CASE WHEN r.position <= %(cap)s THEN %(sel)s WHEN r.position <= %(cap2)s THEN %(wait)s
                          ELSE %(rej)s END,
            rank = r.position, decision_reason = {reason("id")}, decision_reason_en = {reason("en")}
        FROM r WHERE a.id = r.id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, named)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=100_000)
    args = parser.parse_args()
    prepare()
    batch = ensure_batch(args.applications)
    print(
        f"database: {database_label()}; {Application.objects.filter(batch=batch).count():,} applications, 160 seats"
    )
    python_s, peak_mib, eligible = in_python(batch)
    print(
        f"eligibility + scoring + ranking in Python: {python_s:6.2f} s, peak {peak_mib:6.1f} MiB, {eligible:,} eligible"
    )
    sql_s, sql_rows = in_sql(batch)
    print(f"one SQL window-function query (floor):     {sql_s:6.2f} s, {sql_rows:,} rows ranked")
    # The full service also evaluates nothing (rules ran at application time) but writes every decision.
    Application.objects.filter(batch=batch).update(status=Application.Status.ELIGIBLE)
    tracemalloc.start()
    started = time.perf_counter()
    with transaction.atomic():
        runs.selection_run(actor=None, batch=batch)
        _c, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"selection_run with tracemalloc (peak {peak / 2**20:6.1f} MiB): {time.perf_counter() - started:6.2f} s"
        )
        transaction.set_rollback(True)
    with transaction.atomic():
        started = time.perf_counter()
        runs.selection_run(actor=None, batch=batch)
        run_s = time.perf_counter() - started
        by_service = decisions(batch)
        transaction.set_rollback(True)
    print(f"selection_run service (ranks and writes all, rolled back): {run_s:6.2f} s")
    with transaction.atomic():
        started = time.perf_counter()
        floor_write(batch)
        floor_s = time.perf_counter() - started
        by_floor = decisions(batch)
        transaction.set_rollback(True)
    print(f"floor: one SQL statement ranking and writing the same decisions:  {floor_s:6.2f} s")
    assert by_service == by_floor, "the floor must write exactly the service's decisions"
    print(f"decisions identical: {len(by_service):,} rows (status, rank, both reasons)")
    print(f"selection_vs_floor: {run_s / floor_s:.2f}")


if __name__ == "__main__":
    main()
