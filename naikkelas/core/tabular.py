"""Reading and writing spreadsheets (.xlsx, .csv) safely. Pure apart from file handles.

Cells are read as text, never evaluated: a cell that starts like a formula (=, +, -, @) stays text, and
exports prefix such text with an apostrophe so a spreadsheet program shows it instead of running it.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import IO, Any

from openpyxl import Workbook, load_workbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class TabularError(ValueError):
    """The file cannot be read as a table; the message says why."""


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES) and not _is_plain_number(text)


def _is_plain_number(text: str) -> bool:
    try:
        float(text.replace(".", "").replace(",", "."))
    except ValueError:
        return False
    return True


def cell_text(value: Any) -> str:
    """A cell as the text a person typed: whole numbers without '.0', dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read_rows(handle: IO[bytes], filename: str) -> Iterator[list[str]]:
    """Rows of the first sheet (xlsx) or of the file (csv) as lists of text, header row first."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        yield from _read_xlsx(handle)
    elif name.endswith(".csv"):
        yield from _read_csv(handle)
    else:
        raise TabularError("unsupported")


def _read_xlsx(handle: IO[bytes]) -> Iterator[list[str]]:
    try:
        # data_only=False: a formula arrives as its text ("=A1*2"), never as a computed value.
        workbook = load_workbook(handle, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise TabularError("xlsx") from error
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [cell_text(value) for value in row]
    finally:
        workbook.close()


def _read_csv(handle: IO[bytes]) -> Iterator[list[str]]:
    raw = handle.read()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything
        raise TabularError("encoding")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        yield [cell.strip() for cell in row]


def safe_cell(value: Any) -> Any:
    """A value ready for a spreadsheet: formula-like text is shown, never run."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def write_workbook(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """A workbook of (title, header, rows) sheets, streamed row by row (write-only mode keeps memory flat);
    every cell passes the formula guard."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(list(header))
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], sheet_title: str) -> bytes:
    """A one-sheet workbook."""
    return write_workbook([(sheet_title, header, rows)])
