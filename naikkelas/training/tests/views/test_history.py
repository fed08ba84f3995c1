"""The history import's pages: the template's door (admins of their own offices; others 403), the kind
on the import page, and a bad file's problems by row and column."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from naikkelas.accounts.models import Organisation
from naikkelas.programs.models import Batch
from naikkelas.registry.models import ImportJob
from naikkelas.testing.factories import Personas
from naikkelas.testing.programs import program_with_levels
from naikkelas.testing.registry import xlsx_bytes
from naikkelas.training.tests.services.test_history import HEADER, budi, row

pytestmark = pytest.mark.django_db


def test_admins_download_the_history_template_others_are_refused(personas: Personas, client: Client) -> None:
    program_with_levels(Organisation.objects.get(memberships__user=personas.province_admin), year=2026)
    url = reverse("training:history_template")
    client.force_login(personas.kudus_admin)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="templat-riwayat-pelatihan.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    offices = [row[0] for row in book["Penyelenggara"].iter_rows(min_row=2, values_only=True)]
    assert offices == ["33.19"]  # Kudus imports Kudus's batches only
    for refused in (personas.mentor, personas.viewer, personas.participant):
        client.force_login(refused)
        assert client.get(url).status_code == 403


def test_the_import_page_offers_the_history_kind_and_its_template(personas: Personas, client: Client) -> None:
    client.force_login(personas.semarang_admin)
    page = client.get(reverse("registry:import_start")).content.decode()
    assert 'value="history"' in page
    assert reverse("training:history_template") in page


def test_a_bad_file_shows_each_problem_by_row_and_column_and_saves_nothing(
    personas: Personas, client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    program_with_levels(Organisation.objects.get(memberships__user=personas.province_admin), year=2026)
    client.force_login(personas.semarang_admin)
    content = SimpleUploadedFile("riwayat.xlsx", xlsx_bytes([HEADER, row(days="9")]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_start"), {"kind": "history", "file": content})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    page = client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
    assert '<td data-label="Baris">2</td><td data-label="Kolom">Hari Hadir</td>' in page
    assert "Hadir 9 hari, lebih dari lama pelatihan (5 hari)." in page
    assert 'id="commit"' not in page
    assert not Batch.objects.exists()


def test_a_history_job_checked_and_written_in_indonesian_reads_in_english(
    personas: Personas, client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # The rule: the job's problems and message are stored in every language; the reader reads hers.
    program_with_levels(Organisation.objects.get(memberships__user=personas.province_admin), year=2026)
    client.force_login(personas.semarang_admin)
    with translation.override("id"), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_start"), {"kind": "history", "file": SimpleUploadedFile(
            "riwayat.xlsx", xlsx_bytes([HEADER, row(days="9")]))})  # fmt: skip
    bad = ImportJob.objects.get()
    client.cookies["django_language"] = "en"
    page = client.get(reverse("registry:import_detail", args=[bad.pk])).content.decode()
    assert "Attended 9 days, more than the training lasts (5 days)." in page
    assert "Import of training history" in page

    with translation.override("id"), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_start"), {"kind": "history", "file": SimpleUploadedFile(
            "riwayat.xlsx", xlsx_bytes([HEADER, row(), budi()]))})  # fmt: skip
    good = ImportJob.objects.latest("pk")
    with translation.override("id"), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_commit", args=[good.pk]))
    good.refresh_from_db()
    assert good.status == ImportJob.Status.DONE and good.message == "2 peserta riwayat tersimpan."
    page = client.get(reverse("registry:import_detail", args=[good.pk])).content.decode()
    assert "2 past participants saved." in page and "peserta riwayat tersimpan" not in page
    client.cookies["django_language"] = "id"
    page = client.get(reverse("registry:import_detail", args=[good.pk])).content.decode()
    assert "2 peserta riwayat tersimpan." in page and "Impor riwayat pelatihan" in page
