"""Spreadsheets are written in one place, and every cell passes the formula guard."""

import io

from openpyxl import load_workbook

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
