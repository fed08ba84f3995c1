"""The history import through the imports API (the registry's `/imports`, kind `history`): the same check
and all-or-nothing write as the import page; a bad row is named by row and column and nothing is written."""

import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.programs.models import Batch, Program
from naikkelas.registry.models import ImportJob
from naikkelas.testing.factories import Personas
from naikkelas.testing.registry import xlsx_bytes
from naikkelas.training.models import Enrolment
from naikkelas.training.tests.services.test_history import HEADER, budi, counts, program, row

pytestmark = pytest.mark.django_db
__all__ = ["program"]  # the fixture, used by name


def api(user: object) -> Client:
    token = api_token_create(user=user)  # type: ignore[arg-type]
    return Client(headers={"Authorization": f"Bearer {token}"})


def upload(client: Client, capture: Any, rows: list[list[str]]) -> dict[str, Any]:
    content = SimpleUploadedFile("riwayat-2020.xlsx", xlsx_bytes([HEADER, *rows]))
    with capture(execute=True):
        response = client.post("/api/v1/imports", {"kind": "history", "file": content})
    assert response.status_code == 202, response.content.decode()
    body: dict[str, Any] = response.json()
    return body


def test_a_history_file_is_checked_then_written_through_the_api(
    personas: Personas, program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    client = api(personas.semarang_admin)
    created = upload(client, django_capture_on_commit_callbacks, [row(), budi()])
    assert (created["kind"], created["kind_label"]) == ("history", "riwayat pelatihan")
    job = client.get(f"/api/v1/imports/{created['id']}").json()
    assert (job["status"], job["total_rows"], job["error_count"]) == ("checked", 2, 0)
    assert not Batch.objects.filter(start_date=date(2020, 8, 3)).exists()  # the check wrote nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/imports/{created['id']}/write")
    assert response.status_code == 202
    done = client.get(f"/api/v1/imports/{created['id']}").json()
    assert (done["status"], done["written_rows"]) == ("done", 2), done["message"]
    assert done["message"] == "2 peserta riwayat tersimpan."
    batch = Batch.objects.get(start_date=date(2020, 8, 3))
    assert sorted(Enrolment.objects.filter(batch=batch).values_list("graduated", flat=True)) == [False, True]  # type: ignore[type-var]


def test_a_bad_history_row_is_named_and_the_write_refused(
    personas: Personas, program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    client = api(personas.semarang_admin)
    before = counts()
    created = upload(client, django_capture_on_commit_callbacks, [row(days="9")])
    problems = client.get(f"/api/v1/imports/{created['id']}/problems").json()["items"]
    assert problems == [
        {"row": 2, "column": "Hari Hadir", "severity": "error",
         "message": "Hadir 9 hari, lebih dari lama pelatihan (5 hari)."},
    ]  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(f"/api/v1/imports/{created['id']}/write")
    assert refused.status_code == 422
    assert refused.json()["detail"] == [{"field": "__all__", "message": "Berkas ini belum siap disimpan."}]
    assert ImportJob.objects.get(pk=created["id"]).status == ImportJob.Status.INVALID
    assert counts() == before


def test_the_history_template_is_for_admins_who_may_import_history(
    personas: Personas, program: Program
) -> None:
    response = api(personas.kudus_admin).get("/api/v1/imports/templates/history")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="templat-riwayat-pelatihan.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    offices = [r[0] for r in book["Penyelenggara"].iter_rows(min_row=2, values_only=True)]
    assert offices == ["33.19"]  # Kudus's own office, as on the template page
    for refused in (personas.viewer, personas.mentor):
        assert api(refused).get("/api/v1/imports/templates/history").status_code == 403
