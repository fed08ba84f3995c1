"""Spreadsheets are written in one place, and every cell passes the formula guard; plain sheets are read by
calamine, anything else streamed by openpyxl."""

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from naikkelas.core import tabular
from naikkelas.core.tabular import safe_cell, write_workbook, write_xlsx


def test_formula_like_text_is_shown_not_run_but_numbers_stay_numbers() -> None:
    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-5") == "-5" and safe_cell("+6281234567890") == "+6281234567890"
    assert safe_cell(5) == 5


def test_a_workbook_of_several_sheets_guards_every_cell() -> None:
    data = write_workbook([
        ("pemilik", ["name"], [["=1+1"], ["Sri"]]),
        ("usaha-dengan-nama-yang-sangat-panjang-sekali", ["(tidak ada data)"], []),
    ])  # fmt: skip
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["pemilik", "usaha-dengan-nama-yang-sangat-p"]
    assert list(book["pemilik"].iter_rows(values_only=True)) == [("name",), ("'=1+1",), ("Sri",)]
    one = load_workbook(io.BytesIO(write_xlsx(["a"], [["@x"]], "s")))
    assert list(one["s"].iter_rows(values_only=True)) == [("a",), ("'@x",)]


def test_a_written_sheet_reads_like_a_report_bold_frozen_header_separators_widths() -> None:
    from datetime import date

    rows = [
        ["Sri Rahayu", 7_500_000, 12.345, date(2021, 5, 21), True],
        ["Budi", 125_000_000_000, None, None, False],
    ]
    book = load_workbook(
        io.BytesIO(write_xlsx(["Nama", "Omzet (Rp/bulan)", "Rasio", "Lulus", "Aktif"], rows, "s"))
    )
    sheet = book["s"]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1]) and not sheet["A2"].font.bold
    assert sheet["B2"].number_format == "#,##0" and sheet["B2"].value == 7_500_000  # still a number
    assert sheet["C2"].number_format == "#,##0.00" and sheet["D2"].number_format == "d mmm yyyy"
    assert sheet["E2"].value is True and sheet["E2"].number_format == "General"
    # as wide as the widest of header and values ("125,000,000,000" is 15 characters), plus a margin
    assert sheet.column_dimensions["B"].width == len("Omzet (Rp/bulan)") + 2
    assert sheet.column_dimensions["A"].width == len("Sri Rahayu") + 2
    long = load_workbook(io.BytesIO(write_xlsx(["x"], [["y" * 500]], "s")))["s"]
    assert long.column_dimensions["A"].width == 60  # capped


def _xlsx(cells: dict[str, object]) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for ref, value in cells.items():
        sheet[ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_a_plain_sheet_is_read_by_calamine_keeping_row_and_column_positions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_openpyxl(*args: object) -> None:
        raise AssertionError("a plain sheet must not be streamed by openpyxl")

    monkeypatch.setattr(tabular, "_read_xlsx_streamed", no_openpyxl)
    handle = _xlsx({"B2": "Nama", "C2": "NIK", "B4": 3.5, "C4": 3374015203800001, "D4": date(2021, 2, 3)})
    sizes: list[int] = []
    rows = list(tabular.read_rows(handle, "data.xlsx", on_size=sizes.append))
    assert rows == [[], ["", "Nama", "NIK", ""], [], ["", "3.5", "3374015203800001", "2021-02-03"]]
    assert sizes == [4]


def test_a_formula_sheet_is_streamed_so_the_formula_arrives_as_its_text() -> None:
    handle = _xlsx({"A1": "Nama", "A2": '=HYPERLINK("x")'})
    assert tabular.plain_sheet_rows(handle, tabular.Limits()) is None
    assert list(tabular.read_rows(handle, "data.xlsx"))[1][0] == '=HYPERLINK("x")'


def test_a_sheet_too_large_to_hold_or_with_a_far_cell_is_streamed() -> None:
    far = _xlsx({"A1": "a", "BI2": "jauh"})  # column 61, past max_columns
    assert tabular.plain_sheet_rows(far, tabular.Limits()) is None
    tall = _xlsx({"A1": "a", "A5000": "b"})
    assert tabular.plain_sheet_rows(tall, tabular.Limits()) == 5000
    assert tabular.plain_sheet_rows(tall, tabular.Limits(max_held_cells=5000 * 26 - 1)) is None
    rows = list(tabular.read_rows(tall, "tall.xlsx", limits=tabular.Limits(max_held_cells=1000)))
    assert len(rows) == 5000 and rows[-1][0] == "b"


def _spec() -> tabular.Table:
    def by_row(row: object) -> tabular.Kind:
        return "number" if row["metric"] == "workers" else "rupiah"  # type: ignore[index]

    return tabular.Table(
        key="summary",
        title="Per kabupaten/kota",
        columns=[
            tabular.Column("label", "Ukuran"),
            tabular.Column("before", "Sebelum", by_row),
            tabular.Column("change", "Perubahan", "percent"),
            tabular.Column("ratio", "Rasio", "ratio"),
            tabular.Column("share", "Respons", "share"),
            tabular.Column("median", "Median", by_row, decimals=1),
            tabular.Column("month", "Bulan", "month"),
        ],
        rows=[
            {
                "metric": "omzet",
                "label": "=Omzet",
                "before": 41_000_000,
                "change": 123.75,
                "ratio": 2.2375,
                "share": 0.8,
                "median": 15_500_000.4,
                "month": date(2022, 4, 1),
            },
            {
                "metric": "workers",
                "label": "Tenaga kerja",
                "before": 13,
                "change": -0.04,
                "ratio": None,
                "share": None,
                "median": 1.25,
                "month": None,
            },
        ],
        notes=["Angka sebelum dan sesudah bukan perkiraan dampak."],
    )


def test_one_spec_says_how_people_and_spreadsheets_read_each_kind() -> None:
    from django.utils import translation

    table = _spec()
    with translation.override("id"):
        assert table.texts() == [
            ["=Omzet", "Rp41 juta", "+123,8 %", "2,24×", "80 %", "Rp15,5 juta", "April 2022"],
            ["Tenaga kerja", "13", "±0,0 %", "–", "–", "1,3", "–"],
        ]
    assert table.texts("en")[0][1:3] == ["Rp41 million", "+123.8 %"]
    # spreadsheets: every rupiah, percents to one decimal and ratios to two, as the page rounds them
    assert table.values() == [
        ["=Omzet", 41_000_000, 123.8, 2.24, 0.8, 15_500_000, date(2022, 4, 1)],
        ["Tenaga kerja", 13, 0.0, None, None, 1.3, None],
    ]
    assert table.numeric == [False, True, True, True, True, True, False]


def test_a_spec_becomes_a_styled_sheet_and_a_csv_with_the_same_figures() -> None:
    import csv

    table = _spec()
    book = load_workbook(io.BytesIO(tabular.write_tables([table])))
    assert book.sheetnames == ["Per kabupaten-kota"]  # a sheet title may not hold "/"
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == table.header and sheet.freeze_panes == "A2" and sheet["A1"].font.b
    assert rows[1][0] == "'=Omzet"  # the formula guard
    assert list(rows[1][1:6]) == [41_000_000, 123.8, 2.24, 0.8, 15_500_000]
    assert [sheet[c].number_format for c in ("B2", "C2", "D2", "E2", "F3", "G2")] == [
        "#,##0", "+0.0;-0.0;0.0", "0.00", "0.0%", "#,##0.0", "mmm yyyy",
    ]  # fmt: skip
    assert rows[3] == (None,) * 7 or rows[3] == ()  # an empty row before the notes
    assert rows[4][0] == "Angka sebelum dan sesudah bukan perkiraan dampak."
    parsed = list(csv.reader(io.StringIO(tabular.write_csv(table).decode("utf-8-sig"))))
    assert parsed == [
        table.header,
        ["'=Omzet", "41000000", "123.8", "2.24", "0.8", "15500000", "2022-04"],
        ["Tenaga kerja", "13", "0.0", "", "", "1.3", ""],
    ]


def test_no_module_writes_a_workbook_but_the_styled_writer() -> None:
    import re
    from pathlib import Path

    package = Path(tabular.__file__).resolve().parents[1]
    writer = re.compile(r"\bWorkbook\(|from openpyxl import[^\n]*\bWorkbook\b|\.save\([^)]*xlsx")
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "tabular.py"
        and "tests" not in path.parts
        and "testing" not in path.parts  # test support builds raw (also broken) input files on purpose
        and writer.search(path.read_text("utf-8"))
    ]
    assert offenders == []
    assert writer.search(Path(tabular.__file__).read_text("utf-8")) is not None  # the scan can find one


def test_a_template_carries_its_lookup_sheets_and_checks_and_reads_back_as_typed() -> None:
    columns = [
        tabular.TemplateColumn("Sektor", "jasa", rule="list", lookup="Daftar Sektor", message="Pilih."),
        tabular.TemplateColumn("Lulus", "Y", rule="list", choices=["Y", "T"]),
        tabular.TemplateColumn("Omzet", 5_000_000, rule="whole"),
        tabular.TemplateColumn("Hari", 5, rule="whole", maximum=5),
        tabular.TemplateColumn("Mulai", date(2020, 8, 3), rule="date"),
        tabular.TemplateColumn("Catatan", "=1+1"),
    ]
    lookups = [tabular.Lookup("Daftar Sektor", ["Sektor"], [["jasa"], ["kerajinan"], ["=HACK()"]])]
    content = tabular.write_template("Isi", columns, [[c.example for c in columns]], lookups, rows=100)
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Isi", "Daftar Sektor"]
    sheet = book["Isi"]
    found = {
        str(v.sqref): (v.type, v.operator, v.formula1, v.formula2, v.error)
        for v in sheet.data_validations.dataValidation
    }
    assert found == {
        "A2:A101": ("list", None, "='Daftar Sektor'!$A$2:$A$4", None, "Pilih."),
        "B2:B101": ("list", None, '"Y,T"', None, None),
        "C2:C101": ("whole", "greaterThanOrEqual", "0", None, None),
        "D2:D101": ("whole", "between", "0", "5", None),
        "E2:E101": (
            "date",
            "greaterThanOrEqual",
            str((date(2000, 1, 1) - date(1899, 12, 30)).days),
            None,
            None,
        ),
    }
    assert sheet.freeze_panes == "A2"
    assert [r[0] for r in book["Daftar Sektor"].iter_rows(values_only=True)] == [
        "Sektor",
        "jasa",
        "kerajinan",
        "'=HACK()",
    ]
    rows = list(tabular.read_rows(io.BytesIO(content), "t.xlsx"))
    assert rows == [
        ["Sektor", "Lulus", "Omzet", "Hari", "Mulai", "Catatan"],
        ["jasa", "Y", "5000000", "5", "2020-08-03", "'=1+1"],
    ]
