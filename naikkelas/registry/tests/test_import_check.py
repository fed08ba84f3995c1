from datetime import date

import phonenumbers
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from naikkelas.core.tabular import safe_cell
from naikkelas.registry import import_check, rules
from naikkelas.registry.import_check import (
    check_rows,
    parse_date,
    parse_rupiah,
)
from naikkelas.testing.factories import Personas
from naikkelas.testing.registry import HEADER, check, good_row, pure_known

pytestmark = pytest.mark.django_db


class CountingProblem:
    """A Problem that counts how often anyone asks whether it blocks (the work the check does on it)."""

    reads = 0

    def __init__(self, row: int, column: str, message: str, blocking: bool = True) -> None:
        self.row, self.column, self.message, self._blocking = row, column, message, blocking

    @property
    def blocking(self) -> bool:
        CountingProblem.reads += 1
        return self._blocking


def _bad_rows(count: int) -> list[list[str]]:
    # two errors per row: no NIK, and a birth date in a format the importer does not read
    return [HEADER] + [good_row(1, nik="", nib="", birth_date="1980/03/12")[:] for _ in range(count)]


def _phone_by_full_parse(value: str) -> str | None:
    raw = "+" + value if value.startswith("62") else value
    try:
        parsed = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@pytest.mark.parametrize(
    ("changes", "column", "fragment"),
    [
        ({"nik": "3374013102800001"}, "NIK", "bukan tanggal yang ada"),
        ({"nik": "12345"}, "NIK", "16 angka"),
        ({"birth_date": "1980-02-31"}, "Tanggal Lahir", "tidak dapat dibaca"),
        ({"started_on": "31/02/2015"}, "Tanggal Mulai Usaha", "tidak dapat dibaca"),
        ({"district": "33.74.99"}, "Kode Kecamatan Usaha", "tidak dikenal"),
        ({"address_district": "99.99.99"}, "Kode Kecamatan Domisili", "tidak dikenal"),
        ({"omzet": "-5000000"}, "Omzet per Bulan (Rp)", "negatif"),
        ({"aset": "empat juta"}, "Aset (Rp)", "bukan jumlah rupiah"),
        ({"omzet": "=1+2"}, "Omzet per Bulan (Rp)", "bukan jumlah rupiah"),
        ({"workers": "-1"}, "Tenaga Kerja", "negatif"),
        ({"name": ""}, "Nama Pemilik", "Wajib diisi"),
        ({"enterprise_name": ""}, "Nama Usaha", "Wajib diisi"),
        ({"sex": "L"}, "Jenis Kelamin (L/P)", "tidak sesuai dengan NIK"),
        ({"nib": "123"}, "NIB", "13 angka"),
        ({"sector": "tambang"}, "Sektor", "tidak dikenal"),
        ({"district": "33.19.02"}, "Kode Kecamatan Usaha", "di luar wilayah"),
    ],
)
def test_each_bad_cell_is_reported_by_row_and_column(
    personas: Personas, changes: dict[str, str], column: str, fragment: str
) -> None:
    result = check(personas.semarang_admin, [HEADER, good_row(1), good_row(2, **changes)])
    errors = [(p.row, p.column) for p in result.errors]  # type: ignore[attr-defined]
    assert (3, column) in errors
    assert all(row == 3 for row, _ in errors)
    message = next(p.message for p in result.errors if p.column == column)  # type: ignore[attr-defined]
    assert fragment in message
    assert result.rows == []  # type: ignore[attr-defined]


def test_duplicates_inside_the_file_and_against_the_database(personas: Personas) -> None:
    existing = personas.participant_person
    rows = [
        HEADER,
        good_row(1),
        good_row(2, nik="3374015203800001"),  # same NIK as row 2
        good_row(3, nib="9120012345601"),  # same NIB as row 2
        good_row(4, nik=existing.nik, birth_date=existing.birth_date.isoformat(), sex="P"),
    ]
    result = check(personas.semarang_admin, rows)
    messages = {(p.row, p.column): p.message for p in result.errors}  # type: ignore[attr-defined]
    assert messages[(3, "NIK")] == "NIK sama dengan baris 2."
    assert messages[(4, "NIB")] == "NIB sama dengan baris 2."
    assert messages[(5, "NIK")] == "NIK sudah terdaftar di registri."


def test_formula_like_text_is_kept_as_text_with_a_warning(personas: Personas) -> None:
    result = check(personas.semarang_admin, [HEADER, good_row(1, enterprise_name='=HYPERLINK("x")')])
    assert result.ok  # type: ignore[attr-defined]
    assert result.warnings[0].column == "Nama Usaha"  # type: ignore[attr-defined]
    assert result.rows[0].enterprise["name"] == '=HYPERLINK("x")'  # type: ignore[attr-defined]
    assert safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert safe_cell("-5") == "-5"


def test_missing_header_is_reported_on_row_1(personas: Personas) -> None:
    result = check(personas.semarang_admin, [HEADER[:-1], good_row(1)[:-1]])
    assert [(p.row, p.column) for p in result.errors] == [(1, "Tenaga Kerja")]  # type: ignore[attr-defined]


def test_csv_with_semicolons_reads_like_xlsx(personas: Personas) -> None:
    result = check(personas.semarang_admin, [HEADER, good_row(1), good_row(2)], name="data.csv")
    assert result.ok and len(result.rows) == 2  # type: ignore[attr-defined]


def test_rupiah_parsing_accepts_what_offices_type() -> None:
    assert parse_rupiah("5.000.000") == 5_000_000
    assert parse_rupiah("Rp 5.000.000") == 5_000_000
    assert parse_rupiah("5,000,000") == 5_000_000
    assert parse_rupiah("5000000") == 5_000_000
    with pytest.raises(ValueError):
        parse_rupiah("5.000,50")


def test_check_rows_is_pure_and_counts_rows() -> None:
    known = pure_known()
    result = check_rows([HEADER, good_row(1), [""] * len(HEADER), good_row(2)], known, date(2026, 1, 1))
    assert result.total == 2 and result.ok


def test_check_reports_progress_every_thousand_rows() -> None:
    known = pure_known()
    rows = [HEADER] + [good_row(1, nik="", nib="") for _ in range(2500)]
    seen: list[int] = []
    result = check_rows(rows, known, date(2026, 1, 1), seen.append)
    assert seen == [1000, 2000]
    assert result.total == 2500 and len(result.errors) == 2500  # every row lacks its NIK


def test_check_work_grows_linearly_with_bad_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    known = pure_known()
    monkeypatch.setattr(import_check, "Problem", CountingProblem)
    reads = []
    for count in (500, 1000):
        CountingProblem.reads = 0
        result = check_rows(_bad_rows(count), known, date(2026, 1, 1))
        assert result.error_count == 2 * count  # the missing NIK and the unreadable birth date
        reads.append(CountingProblem.reads)
    # Each problem is looked at once: twice the rows, exactly twice the work (it was rows x problems).
    assert reads == [1000, 2000]


def test_every_problem_is_counted_but_only_the_first_ones_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    known = pure_known()
    monkeypatch.setattr(import_check, "MAX_KEPT_PROBLEMS", 5)
    result = check_rows(_bad_rows(10), known, date(2026, 1, 1))
    assert (result.error_count, result.warning_count) == (20, 0)
    assert [(p.row, p.column) for p in result.problems] == [
        (2, "NIK"), (2, "Tanggal Lahir"), (3, "NIK"), (3, "Tanggal Lahir"), (4, "NIK"),
    ]  # fmt: skip
    assert not result.ok and result.rows == []


@given(
    prefix=st.sampled_from(["0", "62", "+62", "00", ""]),
    digits=st.text(alphabet="0123456789", min_size=5, max_size=14),
)
@example(prefix="0", digits="81234567890")  # mobile
@example(prefix="+62", digits="24123456")  # Semarang landline
@example(prefix="62", digits="812345")  # too short
def test_the_quick_phone_check_agrees_with_the_full_parse(prefix: str, digits: str) -> None:
    value = prefix + digits
    try:
        quick: str | None = rules.phone_to_e164(value)
    except ValueError:
        quick = None
    assert quick == _phone_by_full_parse(value)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_iso_dates_and_months_read_as_strptime_reads_them(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day:%Y-%m}", import_check.MONTH_FORMATS) == day.replace(day=1)
    with pytest.raises(ValueError, match="tidak dapat dibaca"):
        parse_date(f"{day.year}-02-31")


@pytest.mark.parametrize(
    ("key", "value", "hint"),
    [
        ("period", "2026-13", "Bulan '2026-13' tidak dapat dibaca; tulis seperti 2021-02."),
        ("started_on", "2015-13-01", "Tanggal '2015-13-01' tidak dapat dibaca; tulis seperti 2021-02-28."),
        ("birth_date", "kemarin", "Tanggal 'kemarin' tidak dapat dibaca; tulis seperti 2021-02-28."),
        ("omzet", "banyak", "'banyak' bukan jumlah rupiah; tulis angka, misalnya 7.500.000 atau 7,5 juta."),
        ("workers", "tiga", "'tiga' bukan bilangan bulat."),
    ],
)
def test_each_column_kind_hints_its_own_form(key: str, value: str, hint: str) -> None:
    # The rule: a month column hints a month (the tester's '2026-13' was told to write a full date).
    result = check_rows([HEADER, good_row(1, **{key: value})], pure_known(), date(2026, 6, 1))
    assert [(p.column, p.message) for p in result.errors] == [(import_check.COLUMN_BY_KEY[key].header, hint)]


def test_the_example_row_is_refused_whole_and_names_nobody() -> None:
    example = [column.example for column in import_check.COLUMNS]
    result = check_rows([HEADER, example, good_row(1)], pure_known(), date(2026, 6, 1))
    assert [(p.row, p.column, p.message) for p in result.errors] == [
        (2, "", "Baris contoh dari templat; hapus sebelum mengunggah.")
    ]
    assert result.total == 2 and not result.ok
