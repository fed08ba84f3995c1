"""Reading and writing spreadsheets (.xlsx, .csv) safely, and the table spec every report is drawn from.
Pure apart from file handles.

A report's table is described once (`Table`: columns with a key, a label, a kind and a width hint; rows as
mappings); the page (`shown`), the .xlsx (`write_tables`), the .csv (`write_csv`) and the PDF
(`core.pdf.pdf_table`) all read that one spec, so they cannot disagree about a figure.

Cells are read as text, never evaluated: a cell that starts like a formula (=, +, -, @) stays text, and
exports prefix such text with an apostrophe so a spreadsheet program shows it instead of running it.

An .xlsx is read with python-calamine (Rust; some 20 times faster than openpyxl) when a quick pass over
its sheet XML shows a plain sheet: no formulas, every cell and row numbered, within `max_columns`, and
small enough to hold (calamine holds the sheet's whole rectangle of cells). Anything else (a formula,
whose text must arrive as text; a cell far out; an unusual writer) is streamed by openpyxl, as before.
openpyxl alone writes.
"""

import codecs
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain, islice
from typing import IO, Any, Literal

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from python_calamine import CalamineWorkbook

from naikkelas.core import formats

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class TabularError(ValueError):
    """The file cannot be read as a table. `code` says why ("" when the message is already for people);
    `size` and `limit` carry the figures a message names."""

    def __init__(self, message: str, *, code: str = "", size: int = 0, limit: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.size = size
        self.limit = limit


@dataclass(frozen=True)
class Limits:
    """How much a spreadsheet may unpack to. An .xlsx is a zip: its members' declared sizes are checked
    before anything is inflated (zipfile never inflates a member past its declared size; the CRC check
    fails instead), so a small file cannot unpack into gigabytes of XML."""

    max_inflated_bytes: int = 300 * 1024 * 1024  # all members together; 200,000 plain rows take ~210 MB
    max_shared_strings_bytes: int = 100 * 1024 * 1024  # read whole into memory by openpyxl
    max_ratio: int = 100  # inflated / compressed per member; spreadsheets compress 5-30 times
    ratio_floor_bytes: int = 1024 * 1024  # members smaller than this may compress as well as they like
    max_columns: int = 60  # cells beyond this column are ignored (the template has 18)
    # calamine holds a sheet's whole rectangle (~32 bytes a cell): above this many cells openpyxl streams it
    max_held_cells: int = 8_000_000


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


def read_rows(
    handle: IO[bytes],
    filename: str,
    *,
    limits: Limits = Limits(),
    on_size: Callable[[int], None] | None = None,
) -> Iterator[list[str]]:
    """Rows of the first sheet (xlsx) or of the file (csv) as lists of text, header row first, read one at
    a time (the caller may stop early). `on_size`, when given, hears the number of rows the file says it
    holds (an estimate, for progress). Raises TabularError, also midway through a damaged file."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        yield from _read_xlsx(handle, limits, on_size)
    elif name.endswith(".csv"):
        yield from _read_csv(handle, limits, on_size)
    else:
        raise TabularError("unsupported", code="unsupported")


def check_zip(handle: IO[bytes], limits: Limits) -> None:
    """Refuse an .xlsx whose members would unpack too far, from the sizes its directory declares."""
    try:
        members = zipfile.ZipFile(handle).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise TabularError("xlsx", code="unreadable") from error
    finally:
        handle.seek(0)
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > limits.ratio_floor_bytes and (
            member.file_size > limits.max_ratio * max(member.compress_size, 1)
        ):
            ratio = member.file_size // max(member.compress_size, 1)
            raise TabularError("ratio", code="ratio", size=ratio, limit=limits.max_ratio)
        if member.filename.lower().endswith("sharedstrings.xml") and (
            member.file_size > limits.max_shared_strings_bytes
        ):
            raise TabularError(
                "shared strings",
                code="inflated",
                size=member.file_size,
                limit=limits.max_shared_strings_bytes,
            )
    if total > limits.max_inflated_bytes:
        raise TabularError("inflated", code="inflated", size=total, limit=limits.max_inflated_bytes)


def _read_xlsx(
    handle: IO[bytes], limits: Limits, on_size: Callable[[int], None] | None
) -> Iterator[list[str]]:
    check_zip(handle, limits)
    rows = plain_sheet_rows(handle, limits)
    if rows is None:
        yield from _read_xlsx_streamed(handle, limits, on_size)
    else:
        yield from _read_xlsx_calamine(handle, limits, on_size, rows)


_CELL = re.compile(rb"<c[\s>/]")
_NUMBERED_CELL = re.compile(rb'<c r="')
_WIDE_CELL = re.compile(rb'<c r="([A-Z]{2,3})\d')
_ROW = re.compile(rb"<row[\s>/]")
_NUMBERED_ROW = re.compile(rb'<row r="(\d+)"')
_FORMULA_OR_PREFIXED = re.compile(rb"<f[\s>/]|<[A-Za-z0-9_]+:(?:c|row|f)[\s>/]")


def plain_sheet_rows(handle: IO[bytes], limits: Limits) -> int | None:
    """The number of rows of the workbook's sheets when every sheet is plain enough for calamine (see the
    module's docstring), else None. One pass over the inflated sheet XML, in blocks; the handle is rewound."""
    try:
        with zipfile.ZipFile(handle) as archive:
            sheets = [
                member for member in archive.infolist()
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")
            ]  # fmt: skip
            if not sheets:
                return None
            height = 0
            wide = False
            for member in sheets:
                cells = numbered_cells = rows = numbered_rows = 0
                carry = b""
                with archive.open(member) as part:
                    while True:
                        block = part.read(1024 * 1024)
                        data = carry + block
                        cut = len(data) if not block else data.rfind(b">") + 1
                        data, carry = data[:cut], data[cut:]
                        if _FORMULA_OR_PREFIXED.search(data):
                            return None
                        cells += len(_CELL.findall(data))
                        numbered_cells += len(_NUMBERED_CELL.findall(data))
                        rows += len(_ROW.findall(data))
                        numbers = _NUMBERED_ROW.findall(data)
                        numbered_rows += len(numbers)
                        if numbers:
                            height = max(height, *(int(number) for number in numbers))
                        for letters in _WIDE_CELL.findall(data):
                            wide = True
                            if column_index_from_string(letters.decode()) > limits.max_columns:
                                return None
                        if not block:
                            break
                if cells != numbered_cells or rows != numbered_rows:
                    return None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, zlib.error):
        return None  # openpyxl reports the damage
    finally:
        handle.seek(0)
    if height * (limits.max_columns if wide else 26) > limits.max_held_cells:
        return None
    return height


def _read_xlsx_calamine(
    handle: IO[bytes], limits: Limits, on_size: Callable[[int], None] | None, declared_rows: int
) -> Iterator[list[str]]:
    try:
        workbook = CalamineWorkbook.from_filelike(handle)
        sheet = workbook.get_sheet_by_index(0)
        start = sheet.start
    except Exception as error:  # calamine raises its own kinds for a damaged file
        raise TabularError("xlsx", code="unreadable") from error
    try:
        if on_size is not None and declared_rows:
            on_size(declared_rows)
        if start is None:
            return
        # calamine's rows begin at the sheet's first row but at its first used column.
        lead = [""] * min(start[1], limits.max_columns)
        width = limits.max_columns - len(lead)
        for row in sheet.iter_rows():
            cells = [cell_text(value) for value in row[:width]]
            yield [*lead, *cells] if any(cells) else []
    finally:
        workbook.close()


def _read_xlsx_streamed(
    handle: IO[bytes], limits: Limits, on_size: Callable[[int], None] | None
) -> Iterator[list[str]]:
    try:
        # data_only=False: a formula arrives as its text ("=A1*2"), never as a computed value.
        workbook = load_workbook(handle, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise TabularError("xlsx", code="unreadable") from error
    try:
        try:
            sheet = workbook.worksheets[0]
            declared_rows = sheet.max_row
        except Exception as error:
            raise TabularError("xlsx", code="unreadable") from error
        if on_size is not None and declared_rows:
            on_size(declared_rows)
        # The declared size is only a hint: trusting it would cut a sheet that says "A1:R10" after ten
        # rows, and a cell declared in column XFD would pad every row to 16,384 cells. Every row is read,
        # at most `max_columns` wide.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(max_col=limits.max_columns, values_only=True)
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as error:  # damaged XML part-way through the sheet
                raise TabularError("xlsx", code="unreadable") from error
            yield [] if row.count(None) == len(row) else [cell_text(value) for value in row]
    finally:
        workbook.close()


def _read_csv(
    handle: IO[bytes], limits: Limits, on_size: Callable[[int], None] | None
) -> Iterator[list[str]]:
    encoding, lines = _csv_encoding(handle)
    if on_size is not None:
        on_size(lines)
    # Windows-1252 leaves five bytes undefined; they become U+FFFD instead of stopping the import.
    text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")
    try:
        sample = text.read(4096)
        text.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        try:
            for row in csv.reader(text, delimiter=delimiter):
                yield [cell.strip() for cell in row[: limits.max_columns]]
        except (csv.Error, UnicodeDecodeError) as error:  # e.g. a cell over the csv field limit (128 KB)
            raise TabularError("csv", code="unreadable") from error
    finally:
        text.detach()


def _csv_encoding(handle: IO[bytes]) -> tuple[str, int]:
    """UTF-8 (with or without BOM) when the whole file decodes as such, else Windows-1252; and the number
    of lines. Read in blocks, so memory stays flat; the handle is rewound."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    lines = 0
    while block := handle.read(1024 * 1024):
        lines += block.count(b"\n")
        if utf8:
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    handle.seek(0)
    return ("utf-8-sig" if utf8 else "cp1252"), lines


def safe_cell(value: Any) -> Any:
    """A value ready for a spreadsheet: formula-like text is shown, never run."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="E8EEF4")
WIDTH_SAMPLE_ROWS = 200  # widths fit the header and the first rows; later rows stream
MAX_WIDTH = 60
# Number formats Excel and LibreOffice show in the reader's own locale (1.500.000 in Indonesian, 1,500,000 in
# English): whole numbers with thousands separators, decimals with two places, dates as dates.
WHOLE = "#,##0"
DECIMAL = "#,##0.00"
DAY = "d mmm yyyy"


def sheet_title(title: str) -> str:
    """A title a sheet may carry: at most 31 characters, none of `\\ / ? * [ ] :` ("Per kabupaten-kota")."""
    return re.sub(r"[\\/?*\[\]:]", "-", title)[:31]


@dataclass(frozen=True)
class Formatted:
    """A cell value with the number format a spec chose for it (see `Column.xlsx_format`)."""

    value: Any
    number_format: str


def _styled(sheet: Any, value: Any) -> Any:
    """A value as written: numbers and dates carry their format; text passes the formula guard."""
    fmt: str | None = None
    if isinstance(value, Formatted):
        value, fmt = value.value, value.number_format
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        fmt = fmt or WHOLE
    elif isinstance(value, float):
        fmt = fmt or DECIMAL
    elif isinstance(value, (date, datetime)):
        fmt = fmt or DAY
    else:
        return safe_cell(value)
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = fmt
    return cell


def _width(value: Any) -> int:
    if isinstance(value, Formatted):
        value = value.value
    if value is None:
        return 0
    if isinstance(value, int) and not isinstance(value, bool):
        return len(f"{value:,}")
    if isinstance(value, float):
        return len(f"{value:,.2f}")
    if isinstance(value, (date, datetime)):
        return 11
    return max((len(line) for line in str(value).splitlines()), default=0)


def write_workbook(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """A workbook of (title, header, rows) sheets, streamed row by row (write-only mode keeps memory flat):
    a bold header row that stays in view when scrolling, columns as wide as their contents (from the header
    and the first rows), numbers with thousands separators (or the `Formatted` format), dates as dates;
    every text cell passes the formula guard."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=sheet_title(title))
        iterator = iter(rows)
        sample = list(islice(iterator, WIDTH_SAMPLE_ROWS))
        widths = [_width(name) for name in header]
        for row in sample:
            for index, value in enumerate(row):
                if index >= len(widths):
                    widths.append(0)
                widths[index] = max(widths[index], _width(value))
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 6) + 2, MAX_WIDTH)
        if header:
            sheet.freeze_panes = "A2"
            cells = []
            for name in header:
                cell = WriteOnlyCell(sheet, value=safe_cell(name))
                cell.font = HEADER_FONT
                cell.fill = HEADER_FILL
                cells.append(cell)
            sheet.append(cells)
        for row in chain(sample, iterator):
            sheet.append([_styled(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], sheet_title: str) -> bytes:
    """A one-sheet workbook."""
    return write_workbook([(sheet_title, header, rows)])


# The table spec ----------------------------------------------------------------------------------------

Kind = Literal["text", "rupiah", "number", "percent", "ratio", "share", "date", "month"]
"""What a column holds, which decides how each output shows it:

- `rupiah`: whole rupiah; people read it compact (Rp5,37 miliar), spreadsheets hold every rupiah.
- `number`: a count or a measure, with `Column.decimals` places.
- `percent`: a change in percent, signed (+123,8 %); spreadsheets hold it to one decimal.
- `ratio`: after over before (2,24×); spreadsheets hold it to two decimals.
- `share`: a part of a whole from 0 to 1 (80 %); spreadsheets hold the fraction, shown as a percent.
- `date`, `month`: a date, in words for people (22 Desember 2026, Desember 2026).
- `text`: anything else, shown as written.
"""

NUMERIC_KINDS = frozenset({"rupiah", "number", "percent", "ratio", "share"})
_XLSX_FORMATS: dict[str, str] = {
    "rupiah": WHOLE, "percent": "+0.0;-0.0;0.0", "ratio": "0.00", "share": "0.0%", "date": DAY,
    "month": "mmm yyyy", "text": "@",
}  # fmt: skip
_ROUNDING = {"percent": 1, "ratio": 2, "share": 4}


@dataclass(frozen=True)
class Column:
    """One column of a report's table. `kind` may depend on the row (a table with a row per measure holds
    rupiah in one row and people in the next): then it is a function of the row."""

    key: str
    label: str
    kind: Kind | Callable[[Mapping[str, Any]], Kind] = "text"
    width: float = 1.0  # relative: the PDF shares its page width out in these proportions
    decimals: int = 0  # for `number`

    def kind_for(self, row: Mapping[str, Any]) -> Kind:
        return self.kind(row) if callable(self.kind) else self.kind

    def value(self, row: Mapping[str, Any]) -> Any:
        """The cell for a spreadsheet or a csv: numbers rounded as the page rounds them, dates as dates."""
        raw = row.get(self.key)
        kind = self.kind_for(row)
        if raw is None or kind == "text" or isinstance(raw, str):
            return raw
        if kind == "rupiah":
            return round(raw)
        if kind == "number" and isinstance(raw, float):
            rounded = formats.half_up(raw, self.decimals)
            return int(rounded) if self.decimals == 0 and rounded is not None else rounded
        if kind in _ROUNDING:
            return formats.half_up(float(raw), _ROUNDING[kind])
        return raw

    def xlsx_format(self, row: Mapping[str, Any]) -> str:
        kind = self.kind_for(row)
        if kind == "number":
            return WHOLE if self.decimals == 0 else "#,##0." + "0" * self.decimals
        return _XLSX_FORMATS[kind]

    def shown(self, row: Mapping[str, Any], language: str | None = None) -> str:
        """The cell as people read it, on the page and in the PDF, in the reader's language."""
        raw = row.get(self.key)
        kind = self.kind_for(row)
        if raw is None or raw == "":
            return "–" if kind in NUMERIC_KINDS or kind in ("date", "month") else ""
        if kind == "text" or isinstance(raw, str):
            return str(raw)
        if kind == "rupiah":
            return formats.rupiah_compact(round(raw), language)
        if kind == "number":
            return formats.number(self.value(row), language)
        if kind == "percent":
            return formats.percent_change(raw, language)
        if kind == "ratio":
            return formats.ratio(raw, language)
        if kind == "share":
            return formats.share(raw, language)
        if kind == "date":
            return formats.long_date(raw, language)
        return formats.month_year(raw, language)


@dataclass(frozen=True)
class Table:
    """A report's table: what the page shows, a sheet of the .xlsx, a .csv, a table of the PDF. `key` names
    it in URLs and element ids; `row_key`, when set, names the row field the page marks each row with."""

    key: str
    title: str
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]]
    row_key: str = ""
    notes: Sequence[str] = field(default_factory=tuple)

    @property
    def header(self) -> list[str]:
        return [column.label for column in self.columns]

    def values(self) -> list[list[Any]]:
        """The rows as spreadsheet cells."""
        return [[column.value(row) for column in self.columns] for row in self.rows]

    def texts(self, language: str | None = None) -> list[list[str]]:
        """The rows as people read them."""
        return [[column.shown(row, language) for column in self.columns] for row in self.rows]

    def page_rows(self) -> list[dict[str, Any]]:
        """For the page's template: each row's key and its cells (text, whether it is a figure, and the
        column's label, which names the cell when a phone shows the row as a card)."""
        return [
            {
                "key": row.get(self.row_key, "") if self.row_key else "",
                "cells": [
                    (column.shown(row), column.kind_for(row) in NUMERIC_KINDS, column.label)
                    for column in self.columns
                ],
            }
            for row in self.rows
        ]

    def header_cells(self) -> list[tuple[str, bool]]:
        """For the page's template: each column's label and whether it holds figures."""
        return list(zip(self.header, self.numeric, strict=True))

    @property
    def numeric(self) -> list[bool]:
        """Per column: does it hold figures (right-aligned)? By its first row when the kind varies."""
        first = self.rows[0] if self.rows else {}
        return [column.kind_for(first) in NUMERIC_KINDS for column in self.columns]


def write_tables(tables: Iterable[Table]) -> bytes:
    """A workbook with one sheet per table, each cell in its column's number format; the table's notes
    follow its rows after an empty one."""
    return write_workbook((table.title, table.header, _sheet_rows(table)) for table in tables)


def _sheet_rows(table: Table) -> Iterator[list[Any]]:
    for row in table.rows:
        yield [Formatted(column.value(row), column.xlsx_format(row)) for column in table.columns]
    if table.notes:
        yield []
        yield from ([note] for note in table.notes)


def write_csv(table: Table) -> bytes:
    """One table as a .csv a spreadsheet program opens in UTF-8 (with BOM): figures as plain numbers (a
    point for decimals), dates as YYYY-MM-DD (months as YYYY-MM), formula-like text shown, not run."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(label) for label in table.header])
    for row in table.rows:
        writer.writerow([_csv_cell(column, row) for column in table.columns])
    return out.getvalue().encode("utf-8-sig")


def _csv_cell(column: Column, row: Mapping[str, Any]) -> Any:
    value = column.value(row)
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m") if column.kind_for(row) == "month" else value.isoformat()
    return safe_cell(value)


# Import templates --------------------------------------------------------------------------------------

Rule = Literal["text", "list", "whole", "date", "month"]
TEMPLATE_ROWS = 5000  # how far down the template's checks reach (an office's file of several years)
_EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class TemplateColumn:
    """One column of an import template: its header, an example cell, and the check the spreadsheet
    program makes as it is typed (Excel's and LibreOffice's data validation; the import checks again,
    since a pasted cell skips it):

    - `list`: one of the values of a lookup sheet (`lookup`, its title) or of `choices`;
    - `whole`: a whole number from `minimum` (to `maximum`, when given);
    - `date`: a date from `earliest`; `month`: the same, typed as a month (the first of it)."""

    header: str
    example: Any = ""
    rule: Rule = "text"
    lookup: str = ""
    choices: Sequence[str] = ()
    minimum: int = 0
    maximum: int | None = None
    earliest: date = date(2000, 1, 1)
    message: str = ""  # the spreadsheet's message when a typed cell breaks the rule


@dataclass(frozen=True)
class Lookup:
    """A sheet of the values a `list` column takes (its first column), with words beside them."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]]


def _serial(day: date) -> int:
    return (day - _EXCEL_EPOCH).days


def _validation(column: TemplateColumn, lookups: Mapping[str, Lookup]) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    options: dict[str, Any] = {"allow_blank": True, "showErrorMessage": True, "error": column.message or None}
    if column.rule == "list" and column.lookup:
        sheet = lookups[column.lookup]
        last = len(sheet.rows) + 1
        quoted = "'" + sheet_title(sheet.title).replace("'", "''") + "'"
        return DataValidation(type="list", formula1=f"={quoted}!$A$2:$A${max(last, 2)}", **options)
    if column.rule == "list":
        return DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', **options)
    if column.rule == "whole":
        if column.maximum is None:
            return DataValidation(
                type="whole", operator="greaterThanOrEqual", formula1=str(column.minimum), **options
            )
        return DataValidation(
            type="whole", operator="between", formula1=str(column.minimum), formula2=str(column.maximum),
            **options,
        )  # fmt: skip
    return DataValidation(
        type="date", operator="greaterThanOrEqual", formula1=str(_serial(column.earliest)), **options
    )


def write_template(
    title: str,
    columns: Sequence[TemplateColumn],
    examples: Iterable[Sequence[Any]] = (),
    lookups: Sequence[Lookup] = (),
    rows: int = TEMPLATE_ROWS,
) -> bytes:
    """An import template: the sheet to fill (bold headers that stay in view, the example rows, every
    column's check down to row `rows`; dates and months formatted as such), then one sheet per lookup
    with the values the list columns offer. Every text cell passes the formula guard."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title(title)
    by_title = {lookup.title: lookup for lookup in lookups}
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=safe_cell(column.header))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = min(max(_width(column.header), 10) + 2, 40)
    sheet.freeze_panes = "A2"
    for number, example in enumerate(examples, start=2):
        for index, (column, value) in enumerate(zip(columns, example, strict=True), start=1):
            cell = sheet.cell(row=number, column=index, value=safe_cell(value))
            if column.rule in ("date", "month") and isinstance(value, date):
                cell.number_format = "yyyy-mm" if column.rule == "month" else "yyyy-mm-dd"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        if column.rule in ("date", "month"):  # the column's format, not a cell's: no empty rows written
            sheet.column_dimensions[letter].number_format = (
                "yyyy-mm" if column.rule == "month" else "yyyy-mm-dd"
            )
        if column.rule == "text":
            continue
        validation = _validation(column, by_title)
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{rows + 1}")
    for lookup in lookups:
        extra = workbook.create_sheet(sheet_title(lookup.title))
        extra.append([safe_cell(name) for name in lookup.header])
        for cell in extra[1]:
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
        for row in lookup.rows:
            extra.append([safe_cell(value) for value in row])
        for index in range(1, len(lookup.header) + 1):
            values = [lookup.header[index - 1], *(row[index - 1] for row in lookup.rows[:WIDTH_SAMPLE_ROWS])]
            width = max((_width(value) for value in values), default=6)
            extra.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)
        extra.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
