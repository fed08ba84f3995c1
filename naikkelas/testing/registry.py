"""Registry test helpers: rows of the enterprise import, as files, and the check as a user runs it."""

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from naikkelas.registry.import_check import COLUMNS, Known, nothing_registered
from naikkelas.registry.services.imports import enterprise_import_check

HEADER = [column.header for column in COLUMNS]


def good_row(n: int = 1, **changes: str) -> list[str]:
    values = {
        "nik": f"33740152038000{n:02d}", "name": f"Sri {n}", "sex": "P", "birth_date": "1980-03-12",
        "phone": "081234567890", "email": "", "address_district": "33.74.02",
        "enterprise_name": f"Impor {n}", "nib": f"91200123456{n:02d}", "kbli_code": "10213",
        "kbli_version": "2020", "sector": "fishery", "district": "33.74.02", "started_on": "2015-06-01",
        "period": "2021-02", "omzet": "12.000.000", "aset": "40000000", "workers": "3",
    }  # fmt: skip
    values.update(changes)
    return [values[column.key] for column in COLUMNS]


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[str]], delimiter: str = ";") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def pure_known() -> Known:
    return Known(
        regencies={"33.74"}, districts={"33.74.02"}, writable_district=lambda code: True,
        registered_niks=nothing_registered, registered_nibs=nothing_registered,
    )  # fmt: skip


def check(user: object, rows: Sequence[Sequence[object]], name: str = "data.xlsx") -> Any:
    content = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows)  # type: ignore[arg-type]
    return enterprise_import_check(user=user, handle=io.BytesIO(content), filename=name)  # type: ignore[arg-type]
