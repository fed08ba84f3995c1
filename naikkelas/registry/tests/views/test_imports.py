import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from naikkelas.core.models import AuditEvent
from naikkelas.registry.models import Enterprise, ImportJob, MetricReport, Person
from naikkelas.testing.factories import Personas
from naikkelas.testing.registry import HEADER, good_row, xlsx_bytes

pytestmark = pytest.mark.django_db


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


def _upload_in(
    language: str, client: Client, rows: list[list[str]], on_commit, kind: str = "enterprises"
) -> ImportJob:  # type: ignore[no-untyped-def]
    """Upload and check a file with `language` active in the worker (the task runs in one language)."""
    with translation.override(language), on_commit(execute=True):
        client.post(
            reverse("registry:import_start"),
            {"kind": kind, "file": SimpleUploadedFile("u.xlsx", xlsx_bytes(rows))},
        )
    return ImportJob.objects.latest("pk")


def test_problems_checked_in_indonesian_are_read_in_english(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # The rule: a job's stored texts are readable in every language, whoever's language ran its task.
    client = Client()
    client.force_login(personas.semarang_admin)
    job = _upload_in("id", client, [HEADER, good_row(1, sex="X")], django_capture_on_commit_callbacks)
    assert job.status == "invalid"
    assert job.problems[0]["messages"] == {
        "id": "Tulis L (laki-laki) atau P (perempuan).",
        "en": "Write L (male) or P (female).",
    }
    client.cookies["django_language"] = "en"
    page = client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
    assert "Write L (male) or P (female)." in page
    assert "Tulis L (laki-laki)" not in page


def test_a_job_written_in_english_tells_an_indonesian_reader_in_indonesian(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(personas.semarang_admin)
    job = _upload_in("en", client, [HEADER, good_row(1), good_row(2)], django_capture_on_commit_callbacks)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.messages == {"id": "2 usaha tersimpan.", "en": "2 enterprises saved."}
    client.cookies["django_language"] = "id"
    assert (
        "2 usaha tersimpan." in client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
    )
    client.cookies["django_language"] = "en"
    assert (
        "2 enterprises saved."
        in client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
    )


def test_an_unreadable_file_is_told_in_each_language(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(personas.semarang_admin)
    with translation.override("id"), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_start"), {"file": SimpleUploadedFile("x.xlsx", b"not a zip")})
    job = ImportJob.objects.get()
    assert job.problems[0]["messages"] == {
        "id": "Berkas tidak dapat dibaca sebagai spreadsheet; simpan ulang sebagai .xlsx atau .csv.",
        "en": "The file cannot be read as a spreadsheet; save it again as .xlsx or .csv.",
    }


def test_a_job_stored_before_texts_per_language_still_shows_its_text(personas: Personas) -> None:
    job = ImportJob.objects.create(
        created_by=personas.semarang_admin, original_name="lama.xlsx", file="x.xlsx", status="invalid",
        message="Lama.", problems=[{"row": 2, "column": "NIK", "message": "Pesan lama.", "blocking": True}],
    )  # fmt: skip
    client = Client()
    client.force_login(personas.semarang_admin)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
    assert "Pesan lama." in page and "Lama." in page


@pytest.mark.parametrize(
    ("kind", "indonesian", "english"),
    [
        ("enterprises", "Impor usaha baru", "Import of new enterprises"),
        ("figures", "Impor angka bulanan", "Import of monthly figures"),
        ("history", "Impor riwayat pelatihan", "Import of training history"),
    ],
)
def test_the_job_page_is_titled_by_its_kind_in_both_languages(
    personas: Personas, kind: str, indonesian: str, english: str
) -> None:
    # The rule: the page names the job's own kind (a history job is no "Impor usaha").
    job = ImportJob.objects.create(
        created_by=personas.semarang_admin, original_name="berkas.xlsx", file="x.xlsx", kind=kind
    )
    client = Client()
    client.force_login(personas.semarang_admin)
    for language, title in (("id", indonesian), ("en", english)):
        client.cookies["django_language"] = language
        page = client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
        assert f"<title>{title} · berkas.xlsx" in page and f"<h1>{title}</h1>" in page
        assert "Impor usaha<" not in page and "Import enterprises<" not in page


# The templates and their messages as an office reads them


def _template(client: Client, name: str) -> object:
    return load_workbook(io.BytesIO(client.get(reverse(name)).content))


def _problems_of(job: ImportJob) -> list[tuple[int, str, str]]:
    return [(problem["row"], problem["column"], problem["message"]) for problem in job.problems]


EXAMPLE_REFUSED = "Baris contoh dari templat; hapus sebelum mengunggah."


@pytest.mark.parametrize(
    ("template", "kind"),
    [("registry:import_template", "enterprises"), ("registry:figure_template", "figures")],
)
def test_a_template_uploaded_with_its_example_row_left_in_refuses_that_row(
    personas: Personas, django_capture_on_commit_callbacks, template: str, kind: str
) -> None:  # type: ignore[no-untyped-def]
    # The rule: the example names nobody, and no import takes it for a record (it was a demo person's NIK).
    client = Client()
    client.force_login(personas.semarang_admin)
    sheet = _template(client, template).worksheets[0]  # type: ignore[attr-defined]
    rows = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert "3374015203800001" not in str(rows) and "Sri Wahyuni" not in str(rows)
    job = _upload_in("id", client, rows, django_capture_on_commit_callbacks, kind=kind)
    assert (job.status, job.total_rows, job.error_count) == ("invalid", 1, 1)
    assert _problems_of(job) == [(2, "", EXAMPLE_REFUSED)]


def test_the_new_business_template_holds_the_sector_and_district_lists_its_messages_name(
    personas: Personas,
) -> None:
    # "Sektor tidak dikenal; pilih salah satu dari templat": the template now holds that list.
    client = Client()
    client.force_login(personas.semarang_admin)
    book: Any = _template(client, "registry:import_template")
    assert book.sheetnames == ["Templat", "Sektor", "Kecamatan"]
    sectors = [line[0] for line in book["Sektor"].iter_rows(min_row=2, values_only=True)]
    assert "olahan perikanan" in sectors and len(sectors) == 9
    districts = [line[0] for line in book["Kecamatan"].iter_rows(min_row=2, values_only=True)]
    assert districts and all(code.startswith("33.74.") for code in districts)  # Semarang's own
    checks = {str(v.sqref).split(":")[0]: v for v in book["Templat"].data_validations.dataValidation}
    sector_column = HEADER.index("Sektor")
    letter = "ABCDEFGHIJKLMNOPQR"[sector_column]
    assert checks[f"{letter}2"].formula1 == "='Sektor'!$A$2:$A$10"
    assert [book["Templat"].cell(row=1, column=i + 1).value for i in range(len(HEADER))] == HEADER


def test_the_figures_template_checks_its_month_and_figures_as_typed(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.semarang_admin)
    sheet: Any = _template(client, "registry:figure_template")["Templat"]  # type: ignore[index]
    rules = {str(v.sqref).split(":")[0][0]: v.type for v in sheet.data_validations.dataValidation}
    assert rules == {
        "C": "date",
        "D": "whole",
        "E": "whole",
        "F": "whole",
    }  # Bulan Laporan, omzet, aset, workers


def test_a_new_business_file_uploaded_as_figures_says_the_wrong_kind_was_chosen(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # One problem about the whole file, not a NIB/NIK error on every row.
    client = Client()
    client.force_login(personas.semarang_admin)
    rows = [HEADER, good_row(1), good_row(2)]
    job = _upload_in("id", client, rows, django_capture_on_commit_callbacks, kind="figures")
    assert job.status == "invalid"
    assert _problems_of(job) == [
        (0, "", "Berkas ini tampaknya templat usaha baru; pilih jenis impor 'usaha baru'.")
    ]
    page = client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
    assert '<td data-label="Baris">Berkas</td>' in page and '<td data-label="Baris">0</td>' not in page
    client.cookies["django_language"] = "en"
    page = client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
    assert '<td data-label="Row">File</td>' in page


def test_a_figures_file_uploaded_as_new_businesses_says_the_wrong_kind_was_chosen(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(personas.semarang_admin)
    rows = [["NIK", "NIB", "Bulan Laporan", "Omzet per Bulan (Rp)", "Aset (Rp)", "Tenaga Kerja"]]
    rows.append(["", "9120012345601", "2021-08", "13500000", "42000000", "4"])
    job = _upload_in("id", client, rows, django_capture_on_commit_callbacks)
    assert _problems_of(job) == [
        (
            0, "",
            "Berkas ini tampaknya templat angka bulanan usaha terdaftar; "
            "pilih jenis impor 'angka bulanan usaha terdaftar'.",
        )
    ]  # fmt: skip


def test_an_unreadable_file_is_reported_as_the_whole_file_not_row_0(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(personas.semarang_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("registry:import_start"),
            {"file": SimpleUploadedFile("rusak.xlsx", b"PK\x03\x04 bukan xlsx")},
        )
    job = ImportJob.objects.latest("pk")
    assert job.status == "invalid" and job.problems[0]["row"] == 0
    page = client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
    assert '<td data-label="Baris">Berkas</td>' in page and "Baris 0" not in page
