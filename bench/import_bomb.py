"""The security test's decompression bomb against the import check: time and memory until it is refused.

    .venv/bin/python bench/import_bomb.py [--old]

The bomb is built once under var/bench/: an .xlsx whose sheet is 1,628,165 rows of 18 cells of "x"
(1.15 GB of XML in about 8 MB), as in attacks.md V5. Each run happens in a forked process whose peak
memory is measured (VmHWM, reset at the start). Three ways:

- now: the zip's directory says it unpacks past the limits; refused before anything is inflated;
- guards off (limits lifted): the sheet is streamed and the check stops at the 200,000-row limit;
- --old: every row read into a list first, as the check used to do, before the row limit applied.
"""

import argparse
import multiprocessing
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from _setup import prepare, staff_user
from django.db import connection
from django.test import override_settings

from naikkelas.core.tabular import TabularError, read_rows
from naikkelas.registry.import_check import COLUMNS
from naikkelas.registry.services.imports import enterprise_import_check, import_limits

OUT = Path(__file__).resolve().parents[1] / "var" / "bench"
ROWS = 1_628_165


def build_bomb() -> Path:
    path = OUT / "bomb.xlsx"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    from openpyxl import Workbook

    template = OUT / "bomb-template.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([column.header for column in COLUMNS])
    workbook.save(template)
    header = "".join(f'<c t="inlineStr"><is><t>{column.header}</t></is></c>' for column in COLUMNS)
    cells = '<c t="inlineStr"><is><t>x</t></is></c>' * 18
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename != "xl/worksheets/sheet1.xml":
                target.writestr(member.filename, source.read(member.filename))
                continue
            with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
                out.write(
                    b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
                    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                    + f'<row r="1">{header}</row>'.encode()
                )
                block = []
                for n in range(2, ROWS + 2):
                    block.append(f'<row r="{n}">{cells}</row>')
                    if len(block) == 10_000:
                        out.write("".join(block).encode())
                        block = []
                out.write("".join(block).encode() + b"</sheetData></worksheet>")
    template.unlink()
    return path


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024  # MB
    raise LookupError(field)


def _measure(label: str, work: Callable[[], str], results: "multiprocessing.Queue[str]") -> None:
    connection.close()
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak to the present
    before = _status("VmRSS")
    start = time.perf_counter()
    outcome = work()
    seconds = time.perf_counter() - start
    results.put(f"{label:<34} {seconds:8.1f} s   peak +{_status('VmHWM') - before:5,} MB   {outcome}")


def run(label: str, work: Callable[[], str]) -> None:
    results: multiprocessing.Queue[str] = multiprocessing.Queue()
    child = multiprocessing.Process(target=_measure, args=(label, work, results))
    child.start()
    child.join()
    print(results.get())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", action="store_true", help="also read every row first (slow, large)")
    args = parser.parse_args()
    prepare()
    user = staff_user("bench_semarang", "33.74")
    path = build_bomb()
    inflated = sum(member.file_size for member in zipfile.ZipFile(path).infolist())
    print(
        f"{path.name}: {path.stat().st_size / 1e6:.1f} MB, unpacks to {inflated / 1e9:.2f} GB, {ROWS:,} rows"
    )

    def check() -> str:
        try:
            with path.open("rb") as handle:
                result = enterprise_import_check(user=user, handle=handle, filename=path.name)
        except TabularError as error:
            return f"refused: {error}"[:110]
        return f"{result.total:,} rows checked, {result.error_count:,} errors; first: {result.problems[0].message}"[
            :110
        ]

    run("now", check)
    lifted = {"IMPORT_XLSX_MAX_INFLATED_MB": 10**6, "IMPORT_XLSX_MAX_RATIO": 10**6}

    def check_without_guards() -> str:
        with override_settings(**lifted):
            return check()

    run("guards off: streamed, row limit", check_without_guards)
    if args.old:

        def read_everything() -> str:
            with override_settings(**lifted), path.open("rb") as handle:
                rows = list(read_rows(handle, path.name, limits=import_limits()))
            return f"{len(rows):,} rows held before any check"

        run("old: every row read first", read_everything)


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    main()
