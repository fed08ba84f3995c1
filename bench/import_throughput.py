"""Import throughput: rows/s to check and to write a 100,000-row .xlsx, beside the time to merely read it
with python-calamine (the floor) and with openpyxl (for comparison). Last line: `import_vs_read: X.XX`,
check + write over the bare calamine read (goal <= 3).

    DATABASE_URL=postgres://naikkelas@127.0.0.1:5432/naikkelas_bench .venv/bin/python bench/import_throughput.py

The file is generated once under var/bench/. The write runs inside a transaction that is rolled back at
the end, so the benchmark database keeps its size.
"""

import argparse
import random
import time
from datetime import date
from pathlib import Path

from _setup import database_label, prepare, staff_user
from django.db import transaction
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from naikkelas.core.tabular import read_rows
from naikkelas.regions.models import Region
from naikkelas.registry.import_check import COLUMNS
from naikkelas.registry.services.imports import (
    enterprise_import_check,
    enterprise_import_write,
    import_job_open,
)
from naikkelas.testing.synthetic import make_nik

OUT = Path(__file__).resolve().parents[1] / "var" / "bench"


def build_file(rows: int, seed: int) -> Path:
    path = OUT / f"import-{rows}-{seed}.xlsx"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    districts = list(
        Region.objects.filter(province_code="33", kind="district").values_list("code", flat=True)
    )
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append([column.header for column in COLUMNS])
    taken: set[str] = set()
    for n in range(rows):
        district = rng.choice(districts)
        sex = rng.choice("MF")
        birth = date(1960 + rng.randint(0, 40), rng.randint(1, 12), rng.randint(1, 28))
        nik = make_nik(rng, district, sex, birth, taken)
        sheet.append([
            nik, f"Pemilik {n}", "L" if sex == "M" else "P", birth.isoformat(), "0812" + f"{rng.randint(10**7, 10**8 - 1)}",
            "", district, f"Usaha Bench {n}", f"{8 * 10**12 + n:013d}", "10792", "2020", "food", district,
            "2015-01-01", "2021-02", rng.randint(1, 50) * 1_000_000, rng.randint(5, 500) * 1_000_000, rng.randint(1, 20),
        ])  # fmt: skip
    workbook.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    prepare()
    user = staff_user("bench_jateng", "33")
    path = build_file(args.rows, args.seed)
    print(f"database: {database_label()}; file: {path.name} ({path.stat().st_size / 1e6:.1f} MB)")

    start = time.perf_counter()
    with path.open("rb") as handle:
        workbook = CalamineWorkbook.from_filelike(handle)
        count = sum(1 for _ in workbook.get_sheet_by_index(0).iter_rows()) - 1
        workbook.close()
    read_s = time.perf_counter() - start
    print(
        f"read only, python-calamine (floor): {count:,} rows in {read_s:6.2f} s = {count / read_s:9,.0f} rows/s"
    )

    start = time.perf_counter()
    with path.open("rb") as handle:
        book = load_workbook(handle, read_only=True)
        opened = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True)) - 1
        book.close()
    openpyxl_s = time.perf_counter() - start
    print(
        f"read only, openpyxl (before):       {opened:,} rows in {openpyxl_s:6.2f} s = {opened / openpyxl_s:9,.0f} rows/s"
    )

    start = time.perf_counter()
    with path.open("rb") as handle:
        texts = sum(1 for _ in read_rows(handle, path.name)) - 1
    rows_s = time.perf_counter() - start
    print(f"read_rows (zip check, plain-sheet pass, cells as text): {texts:,} rows in {rows_s:6.2f} s")

    start = time.perf_counter()
    with path.open("rb") as handle:
        result = enterprise_import_check(user=user, handle=handle, filename=path.name)
    check_s = time.perf_counter() - start
    assert result.ok, result.errors[:5]
    print(f"read + check:  {result.total:,} rows in {check_s:6.1f} s = {result.total / check_s:9,.0f} rows/s")

    start = time.perf_counter()
    with transaction.atomic():
        job = import_job_open(user=user, name=path.name, rows=result.total)
        written = enterprise_import_write(user=user, rows=result.rows, job=job)
        write_s = time.perf_counter() - start
        transaction.set_rollback(True)
    print(
        f"write:       {written:,} rows in {write_s:6.1f} s = {written / write_s:9,.0f} rows/s (rolled back)"
    )
    total = check_s + write_s
    print(f"import total (check + write): {total:.1f} s = {written / total:,.0f} rows/s")
    print(f"import_vs_read: {total / read_s:.2f}")


if __name__ == "__main__":
    main()
