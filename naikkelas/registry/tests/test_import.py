import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

import phonenumbers
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from naikkelas.core.models import AuditEvent
from naikkelas.core.tabular import safe_cell
from naikkelas.registry import importer, rules
from naikkelas.registry.importer import (
    COLUMNS,
    Known,
    check_rows,
    nothing_registered,
    parse_date,
    parse_rupiah,
)
from naikkelas.registry.imports import enterprise_import_check
from naikkelas.registry.models import Enterprise, ImportJob, MetricReport, Person
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db

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


def test_page_flow_checks_then_writes_everything_with_audit(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(personas.semarang_admin)
    upload = SimpleUploadedFile("umkm.xlsx", xlsx_bytes([HEADER, good_row(1), good_row(2), good_row(3)]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:import_start"), {"file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "checked" and job.total_rows == 3
    assert not Enterprise.objects.filter(name__startswith="Impor ").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done" and job.written_rows == 3
    imported = Enterprise.objects.filter(name__startswith="Impor ")
    assert imported.count() == 3
    assert {e.regency_code for e in imported} == {"33.74"}
    assert (
        MetricReport.objects.filter(enterprise__in=imported, source="import", omzet=12_000_000).count() == 3
    )
    # One audit entry for the whole import, on the job, naming every row it wrote (not three per row).
    entry = AuditEvent.objects.get(actor=personas.semarang_admin, changes__import_job=job.pk)
    assert (entry.object_type, entry.object_id, entry.action) == ("registry.importjob", str(job.pk), "create")
    assert sorted(entry.changes["enterprises"]) == sorted(imported.values_list("pk", flat=True))
    assert sorted(entry.changes["persons"]) == sorted(imported.values_list("owner_id", flat=True))
    reports = MetricReport.objects.filter(enterprise__in=imported).values_list("pk", flat=True)
    assert sorted(entry.changes["metric_reports"]) == sorted(reports)
    assert entry.changes["rows"] == 3
    page = client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
    assert "3 usaha tersimpan" in page
    # A second commit of the same job does nothing.
    client.post(reverse("registry:import_commit", args=[job.pk]))
    assert Enterprise.objects.filter(name__startswith="Impor ").count() == 3


def test_page_flow_with_a_bad_row_writes_nothing(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(personas.semarang_admin)
    upload = SimpleUploadedFile("umkm.xlsx", xlsx_bytes([HEADER, good_row(1), good_row(2, omzet="-1")]))
    persons_before = Person.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_start"), {"file": upload})
    job = ImportJob.objects.get()
    assert job.status == "invalid" and job.error_count == 1
    assert job.problems[0]["row"] == 3 and job.problems[0]["column"] == "Omzet per Bulan (Rp)"
    response = client.post(reverse("registry:import_commit", args=[job.pk]))
    assert response.status_code == 302
    assert Person.objects.count() == persons_before


def test_upload_of_wrong_type_is_refused_with_message(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.semarang_admin)
    response = client.post(reverse("registry:import_start"), {"file": SimpleUploadedFile("x.pdf", b"%PDF")})
    assert response.status_code == 200
    assert ".xlsx atau .csv" in str(response.context["form"].errors["file"])
    assert not ImportJob.objects.exists()


def test_damaged_xlsx_is_reported_not_crashed(personas: Personas, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(personas.semarang_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_start"), {"file": SimpleUploadedFile("x.xlsx", b"not a zip")})
    job = ImportJob.objects.get()
    assert job.status == "invalid"
    assert "tidak dapat dibaca" in job.problems[0]["message"]


def test_import_pages_are_for_admins_and_jobs_for_their_uploader(personas: Personas) -> None:
    viewer = Client()
    viewer.force_login(personas.viewer)
    assert viewer.get(reverse("registry:import_start")).status_code == 403
    job = ImportJob.objects.create(created_by=personas.kudus_admin, original_name="x.xlsx", file="x.xlsx")
    other = Client()
    other.force_login(personas.semarang_admin)
    assert other.get(reverse("registry:import_detail", args=[job.pk])).status_code == 404


def test_template_has_the_indonesian_headers(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.semarang_admin)
    response = client.get(reverse("registry:import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]] == HEADER


def test_export_is_scoped_masks_nik_and_neutralises_formulas(personas: Personas) -> None:
    enterprise = personas.semarang_enterprise
    Enterprise.objects.filter(pk=enterprise.pk).update(name="=cmd|' /C calc'!A0")
    client = Client()
    client.force_login(personas.viewer)
    response = client.get(reverse("registry:enterprise_export"), {"region": "33.74"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    assert rows[0][1] == "'=cmd|' /C calc'!A0"
    assert rows[0][3] == personas.participant_person.nik_masked


def test_command_dry_run_exits_non_zero_on_bad_rows_and_commit_writes(personas: Personas, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx_bytes([HEADER, good_row(1, nik="3374013102800001")]))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_enterprises", str(bad), "--user", "semarang", stdout=out)
    assert "baris 2 kolom 'NIK': KESALAHAN" in out.getvalue()
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([HEADER, good_row(1), good_row(2)]))
    call_command("import_enterprises", str(good), "--user", "semarang", stdout=io.StringIO())
    assert not Enterprise.objects.filter(name="Impor 1").exists()
    call_command("import_enterprises", str(good), "--user", "semarang", "--commit", stdout=io.StringIO())
    assert Enterprise.objects.filter(name__in=["Impor 1", "Impor 2"]).count() == 2


def test_check_reports_progress_every_thousand_rows() -> None:
    known = pure_known()
    rows = [HEADER] + [good_row(1, nik="", nib="") for _ in range(2500)]
    seen: list[int] = []
    result = check_rows(rows, known, date(2026, 1, 1), seen.append)
    assert seen == [1000, 2000]
    assert result.total == 2500 and len(result.errors) == 2500  # every row lacks its NIK


def test_export_costs_the_same_queries_for_one_row_or_many(personas: Personas) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from naikkelas.testing.factories import EnterpriseFactory

    client = Client()
    client.force_login(personas.semarang_admin)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("registry:enterprise_export"))
    for _ in range(5):
        EnterpriseFactory.create(owner__address_district=personas.participant_person.address_district)
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("registry:enterprise_export"))
    assert len(six.captured_queries) == len(one.captured_queries)


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


def test_check_work_grows_linearly_with_bad_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    known = pure_known()
    monkeypatch.setattr(importer, "Problem", CountingProblem)
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
    monkeypatch.setattr(importer, "MAX_KEPT_PROBLEMS", 5)
    result = check_rows(_bad_rows(10), known, date(2026, 1, 1))
    assert (result.error_count, result.warning_count) == (20, 0)
    assert [(p.row, p.column) for p in result.problems] == [
        (2, "NIK"), (2, "Tanggal Lahir"), (3, "NIK"), (3, "Tanggal Lahir"), (4, "NIK"),
    ]  # fmt: skip
    assert not result.ok and result.rows == []


def _phone_by_full_parse(value: str) -> str | None:
    raw = "+" + value if value.startswith("62") else value
    try:
        parsed = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


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
    assert parse_date(f"{day:%Y-%m}", importer._MONTH_FORMATS) == day.replace(day=1)
    with pytest.raises(ValueError, match="tidak dapat dibaca"):
        parse_date(f"{day.year}-02-31")
