"""The import check on files of nothing but bad rows: the time per row must stay flat as files grow.

    .venv/bin/python bench/import_bad_rows.py

`check_rows` is pure, so no database is touched; its rules are the entities' validators
(`registry/validators.py`), the same the pages and the API use. Every row carries one error (a birth
date written 1980/03/12, a format the importer does not read), as in the security test that found the
check growing with the square of the rows (2,000 rows 1.4 s, 16,000 rows 46 s). Then 16,000 rows in
which every cell is bad, the most problems a row can carry. The last line is the growth of the time per
row from the smallest file to the largest (`bad_rows_growth_16k_vs_4k_per_row`: 1.0 is linear).
"""

import argparse
import time
from datetime import date

import _setup  # noqa: F401  (Django settings, for the messages)

from naikkelas.registry.import_check import COLUMNS, Known, check_rows, nothing_registered

HEADER = [column.header for column in COLUMNS]
FLOOR = 1.5  # per-row time may grow this much from the smallest file to the largest, no more
KNOWN = Known(
    regencies={"33.74"},
    districts={"33.74.01", "33.74.02"},
    writable_district=lambda code: True,
    registered_niks=nothing_registered,
    registered_nibs=nothing_registered,
)


def bad_row(n: int, *, every_cell: bool = False) -> list[str]:
    if every_cell:
        return ["x"] * len(HEADER)
    day, serial = 41 + n // 9999 % 28, 1 + n % 9999  # women born 1-28 March 1980, distinct NIKs
    values = {
        "nik": f"337401{day:02d}0380{serial:04d}", "name": f"Sri {n}", "sex": "P", "birth_date": "1980/03/12",
        "phone": "081234567890", "email": "", "address_district": "33.74.02", "enterprise_name": f"Usaha {n}",
        "nib": "", "kbli_code": "10213", "kbli_version": "2020", "sector": "fishery", "district": "33.74.02",
        "started_on": "2015-06-01", "period": "2021-02", "omzet": "12000000", "aset": "40000000", "workers": "3",
    }  # fmt: skip
    return [values[column.key] for column in COLUMNS]


def run(rows: int, *, every_cell: bool = False) -> tuple[float, int]:
    table = [HEADER] + [bad_row(n, every_cell=every_cell) for n in range(rows)]
    start = time.perf_counter()
    result = check_rows(table, KNOWN, date(2026, 12, 1))
    seconds = time.perf_counter() - start
    assert result.total == rows and not result.rows
    return seconds, result.error_count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="4000,8000,16000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    per_row: list[float] = []
    print(f"{'rows':>7} {'errors':>8} {'seconds':>8} {'µs/row':>8}")
    for rows in sizes:
        seconds, errors = run(rows)
        per_row.append(seconds / rows * 1e6)
        print(f"{rows:>7,} {errors:>8,} {seconds:>8.2f} {per_row[-1]:>8.1f}")
    seconds, errors = run(sizes[-1], every_cell=True)
    print(
        f"every cell bad: {sizes[-1]:,} rows, {errors:,} errors in {seconds:.2f} s "
        f"= {seconds / sizes[-1] * 1e6:.1f} µs/row"
    )
    # The figure the issue asks for, last: per-row time of the largest file over the smallest. Linear
    # growth gives 1.0; the floor is 1.5 (the old quadratic check gave 6.3 at 16k/4k).
    name = f"bad_rows_growth_{sizes[-1] // 1000}k_vs_{sizes[0] // 1000}k_per_row"
    print(f"{name}: {per_row[-1] / per_row[0]:.2f} (floor: at most {FLOOR})")


if __name__ == "__main__":
    main()
