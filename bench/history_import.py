"""History import throughput: rows/s to check and to write a file of past batches (default 5,000 rows:
50 batches of 100 participants, level 1 in five regencies and level 2 at the province, 2018-2020, with
baseline and follow-up figures), as the province admin.

    DATABASE_URL=sqlite:///var/bench/history.sqlite3 .venv/bin/python bench/history_import.py

The write runs inside a transaction that is rolled back at the end, so the database keeps its size.
"""

import argparse
import random
import time
from datetime import date, timedelta
from pathlib import Path

from _setup import database_label, prepare, staff_user
from django.db import connection, transaction
from openpyxl import Workbook

from naikkelas.accounts.models import Organisation
from naikkelas.programs.models import Program, Tier
from naikkelas.programs.services.levels import level_create
from naikkelas.programs.services.programs import program_create
from naikkelas.regions.models import Region
from naikkelas.registry.services.imports import import_job_open
from naikkelas.testing.synthetic import make_nik
from naikkelas.training.history import COLUMNS
from naikkelas.training.services.history import history_import_check, history_import_write

OUT = Path(__file__).resolve().parents[1] / "var" / "bench"
REGENCIES = ["33.74", "33.19", "33.26", "33.72", "33.01"]


def offices(centre: Organisation) -> None:
    """The regency offices that ran level 1, and the province's current program (the reference)."""
    for code in REGENCIES:
        Organisation.objects.get_or_create(
            name=f"Bench dinas {code}",
            defaults={"kind": Organisation.Kind.REGENCY_OFFICE, "region": Region.objects.get(code=code)},
        )
    if not Program.objects.filter(owner=centre).exists():
        program = program_create(actor=None, name="Pelatihan Berjenjang", year=2026, owner=centre)
        level_create(actor=None, program=program, rank=1, name="Dasar", tier=Tier.REGENCY)
        level_create(actor=None, program=program, rank=2, name="Menengah", tier=Tier.PROVINCE)


def build_file(rows: int, seed: int) -> Path:
    path = OUT / f"history-{rows}-{seed}.xlsx"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Riwayat")
    sheet.append([column.header for column in COLUMNS])
    taken: set[str] = set()
    per_batch = 100
    for n in range(rows):
        b = n // per_batch
        year = 2018 + b % 3
        rank = 1 if b % 5 else 2
        organiser = REGENCIES[b % len(REGENCIES)] if rank == 1 else "33"
        start = date(year, 3, 5) + timedelta(weeks=(b // 15) * 2)
        start -= timedelta(days=start.weekday())  # a Monday
        region = organiser if rank == 1 else rng.choice(REGENCIES)
        districts = list(Region.objects.filter(parent__code=region).values_list("code", flat=True)[:10])
        district = rng.choice(districts)
        sex = rng.choice("MF")
        birth = date(1960 + rng.randint(0, 40), rng.randint(1, 12), rng.randint(1, 28))
        nik = make_nik(rng, district, sex, birth, taken)
        days = rng.choice([5, 5, 5, 4, 3])
        graduated = "Y" if days >= 4 and rng.random() < 0.9 else "T"
        omzet = rng.randint(3, 40) * 1_000_000
        sheet.append([
            year, rank, organiser, start.isoformat(), nik, f"Pemilik {n}", "L" if sex == "M" else "P",
            birth.isoformat(), "", district, f"Usaha Riwayat {n}", "", "makanan & minuman", district,
            "2014-01-01", days, graduated, f"{year}-01", omzet, omzet * 4, rng.randint(1, 10),
            f"{year}-11", int(omzet * 1.3), omzet * 5, rng.randint(1, 12),
        ])  # fmt: skip
    workbook.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    prepare()
    user = staff_user("bench_jateng", "33")
    offices(Organisation.objects.get(memberships__user=user))
    path = build_file(args.rows, args.seed)
    print(f"database: {database_label()}; file: {path.name} ({path.stat().st_size / 1e6:.2f} MB)")

    from naikkelas.core.tabular import read_rows

    start = time.perf_counter()
    with path.open("rb") as handle:
        result = history_import_check(user, read_rows(handle, path.name), date.today(), None)
    check_s = time.perf_counter() - start
    assert result.ok, result.errors[:5]
    print(f"read + check: {result.total:,} rows in {check_s:6.2f} s = {result.total / check_s:8,.0f} rows/s")

    start = time.perf_counter()
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with transaction.atomic(), connection.execute_wrapper(count):
        job = import_job_open(user=user, name=path.name, rows=result.total, kind="history")
        written = history_import_write(job, result, lambda stage, done, total: None)
        write_s = time.perf_counter() - start
        transaction.set_rollback(True)
    print(
        f"write:        {written:,} rows in {write_s:6.2f} s = {written / write_s:8,.0f} rows/s (rolled back), "
        f"{len(queries) / written:.1f} queries a row"
    )


if __name__ == "__main__":
    main()
