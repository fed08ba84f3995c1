"""The imports API: an office's tool uploads a sheet, follows the dry run, reads the problems (and the
changes of new figures), then confirms the all-or-nothing write. The same access rules, limits and
services as the import pages: 401 without a token, 403 for a role without import rights, 404 for
another office's job; a bad file is refused with the page's message and nothing is written."""

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.registry.import_check import FIGURE_COLUMNS
from naikkelas.registry.models import Enterprise, ImportJob, MetricReport, Person
from naikkelas.registry.services import imports
from naikkelas.registry.tests.test_import_check_hostile import bomb
from naikkelas.testing.factories import MetricReportFactory, Personas
from naikkelas.testing.registry import HEADER, good_row, xlsx_bytes

pytestmark = pytest.mark.django_db

FIGURES_HEADER = [column.header for column in FIGURE_COLUMNS]
ONLY_SHEETS = "Hanya berkas .xlsx atau .csv yang dapat diimpor."


def api(user: object) -> Client:
    token = api_token_create(user=user)  # type: ignore[arg-type]
    return Client(headers={"Authorization": f"Bearer {token}"})


def sheet(rows: list[list[str]], name: str = "umkm.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows))


def upload(client: Client, capture: Any, kind: str, file: SimpleUploadedFile) -> dict[str, Any]:
    """POST /imports with the check run at once (the immediate task backend, on commit)."""
    with capture(execute=True):
        response = client.post("/api/v1/imports", {"kind": kind, "file": file})
    assert response.status_code == 202, response.content.decode()
    body: dict[str, Any] = response.json()
    return body


def write(client: Client, capture: Any, job_id: int) -> Any:
    with capture(execute=True):
        return client.post(f"/api/v1/imports/{job_id}/write")


def test_enterprises_are_uploaded_checked_and_written_through_the_api(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    client = api(personas.semarang_admin)
    created = upload(
        client, django_capture_on_commit_callbacks, "enterprises", sheet([HEADER, good_row(1), good_row(2)])
    )
    pk = created["id"]
    assert created["kind"] == "enterprises" and created["kind_label"] == "usaha baru"
    assert created["links"] == {
        "self": f"/api/v1/imports/{pk}",
        "problems": f"/api/v1/imports/{pk}/problems",
        "changes": f"/api/v1/imports/{pk}/changes",
        "write": f"/api/v1/imports/{pk}/write",
        "page": f"/registri/impor/{pk}/",
    }
    job = client.get(f"/api/v1/imports/{pk}").json()
    assert (job["status"], job["status_label"]) == ("checked", "siap disimpan")
    assert (job["total_rows"], job["error_count"], job["warning_count"], job["written_rows"]) == (2, 0, 0, 0)
    assert job["progress"] == {"stage": "checked", "done": 2, "total": 2}
    assert client.get(f"/api/v1/imports/{pk}/problems").json()["items"] == []
    assert not Enterprise.objects.filter(name__startswith="Impor ").exists()  # the check wrote nothing

    response = write(client, django_capture_on_commit_callbacks, pk)
    assert response.status_code == 202 and response.json()["status"] == "writing"
    done = client.get(f"/api/v1/imports/{pk}").json()
    assert (done["status"], done["written_rows"], done["message"]) == ("done", 2, "2 usaha tersimpan.")
    written = Enterprise.objects.filter(name__startswith="Impor ")
    assert sorted(written.values_list("name", flat=True)) == ["Impor 1", "Impor 2"]
    assert {e.regency_code for e in written} == {"33.74"}
    assert MetricReport.objects.filter(enterprise__in=written, source="import", omzet=12_000_000).count() == 2
    # The same button twice: refused with the reason, nothing more written.
    again = write(client, django_capture_on_commit_callbacks, pk)
    assert again.status_code == 422
    assert again.json() == {"detail": [{"field": "__all__", "message": "Berkas ini belum siap disimpan."}]}
    assert written.count() == 2


def test_new_figures_show_their_changes_then_write_exactly_those(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    bandeng = personas.semarang_enterprise
    Enterprise.objects.filter(pk=bandeng.pk).update(nib="9120000000003")
    MetricReportFactory.create(
        enterprise=bandeng,
        period=date(2021, 8, 1),
        source="import",
        omzet=10_000_000,
        aset=40_000_000,
        workers=3,
    )
    client = api(personas.semarang_admin)
    rows = [
        FIGURES_HEADER,
        ["", "9120000000003", "2021-08", "12.500.000", "40000000", "4"],  # changes
        ["", "9120000000003", "2021-09", "11000000", "41000000", "3"],  # a new month
    ]
    created = upload(client, django_capture_on_commit_callbacks, "figures", sheet(rows, "angka.xlsx"))
    job = client.get(f"/api/v1/imports/{created['id']}").json()
    assert (job["status"], job["change_count"]) == ("checked", 2)
    assert "change_count" not in client.get("/api/v1/imports").json()["items"][0]  # the list's own shape
    changes = client.get(f"/api/v1/imports/{created['id']}/changes").json()
    assert changes["count"] == 2
    assert changes["items"] == [
        {"row": 2, "enterprise_id": bandeng.pk, "enterprise_name": "Bandeng Presto Bu Sri",
         "period": "2021-08-01", "old": {"omzet": 10_000_000, "aset": 40_000_000, "workers": 3},
         "new": {"omzet": 12_500_000, "aset": 40_000_000, "workers": 4}},
        {"row": 3, "enterprise_id": bandeng.pk, "enterprise_name": "Bandeng Presto Bu Sri",
         "period": "2021-09-01", "old": None, "new": {"omzet": 11_000_000, "aset": 41_000_000, "workers": 3}},
    ]  # fmt: skip
    assert MetricReport.objects.get(enterprise=bandeng, period=date(2021, 8, 1)).omzet == 10_000_000

    assert write(client, django_capture_on_commit_callbacks, created["id"]).status_code == 202
    done = client.get(f"/api/v1/imports/{created['id']}").json()
    assert (done["status"], done["written_rows"]) == ("done", 2)
    figures = MetricReport.objects.filter(enterprise=bandeng, source="import").order_by("period")
    assert list(figures.values_list("period", "omzet", "workers")) == [
        (date(2021, 8, 1), 12_500_000, 4),
        (date(2021, 9, 1), 11_000_000, 3),
    ]


def test_a_figures_file_that_changes_nothing_is_refused_at_the_write(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    bandeng = personas.semarang_enterprise
    Enterprise.objects.filter(pk=bandeng.pk).update(nib="9120000000003")
    MetricReportFactory.create(
        enterprise=bandeng,
        period=date(2021, 8, 1),
        source="import",
        omzet=10_000_000,
        aset=40_000_000,
        workers=3,
    )
    client = api(personas.semarang_admin)
    rows = [FIGURES_HEADER, ["", "9120000000003", "2021-08", "10000000", "40000000", "3"]]
    created = upload(client, django_capture_on_commit_callbacks, "figures", sheet(rows, "angka.xlsx"))
    response = write(client, django_capture_on_commit_callbacks, created["id"])
    assert response.status_code == 422
    assert response.json()["detail"][0]["message"] == (
        "Tidak ada angka yang berubah; tidak ada yang perlu disimpan."
    )
    assert ImportJob.objects.get(pk=created["id"]).status == ImportJob.Status.CHECKED


def test_bad_rows_are_listed_by_row_and_column_and_the_write_is_refused(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    client = api(personas.semarang_admin)
    persons = Person.objects.count()
    rows = [HEADER, good_row(1), good_row(2, omzet="-1"), good_row(3, district="33.19.02")]
    created = upload(client, django_capture_on_commit_callbacks, "enterprises", sheet(rows))
    job = client.get(f"/api/v1/imports/{created['id']}").json()
    assert (job["status"], job["status_label"], job["error_count"]) == ("invalid", "ada kesalahan", 2)
    problems = client.get(f"/api/v1/imports/{created['id']}/problems").json()
    assert problems["count"] == 2
    assert [(p["row"], p["column"], p["severity"]) for p in problems["items"]] == [
        (3, "Omzet per Bulan (Rp)", "error"),
        (4, "Kode Kecamatan Usaha", "error"),
    ]
    assert problems["items"][1]["message"] == "Kecamatan 33.19.02 di luar wilayah Anda."
    # The same job read in English: its problems in English too (kept in every language).
    english = client.get(
        f"/api/v1/imports/{created['id']}/problems", headers={"Accept-Language": "en"}
    ).json()
    assert english["items"][1]["message"] != problems["items"][1]["message"]
    assert "33.19.02" in english["items"][1]["message"] and "Kecamatan" not in english["items"][1]["message"]
    response = write(client, django_capture_on_commit_callbacks, created["id"])
    assert response.status_code == 422
    assert response.json()["detail"] == [{"field": "__all__", "message": "Berkas ini belum siap disimpan."}]
    assert Person.objects.count() == persons
    assert ImportJob.objects.get(pk=created["id"]).status == ImportJob.Status.INVALID


def test_the_province_imports_into_both_regencies(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    """Kudus's district is outside Semarang's import (above); the province's scope holds both."""
    client = api(personas.province_admin)
    rows = [HEADER, good_row(1), good_row(2, district="33.19.02", address_district="33.19.02")]
    created = upload(client, django_capture_on_commit_callbacks, "enterprises", sheet(rows))
    assert client.get(f"/api/v1/imports/{created['id']}").json()["status"] == "checked"
    assert write(client, django_capture_on_commit_callbacks, created["id"]).status_code == 202
    written = Enterprise.objects.filter(name__startswith="Impor ")
    assert sorted(written.values_list("regency_code", flat=True)) == ["33.19", "33.74"]


def test_jobs_are_seen_only_by_their_uploader_others_get_404(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    kudus = api(personas.kudus_admin)
    theirs = upload(
        kudus, django_capture_on_commit_callbacks, "enterprises",
        sheet([HEADER, good_row(1, district="33.19.02", address_district="33.19.02")]),
    )  # fmt: skip
    semarang = api(personas.semarang_admin)
    for path in ("", "/problems", "/changes"):
        assert semarang.get(f"/api/v1/imports/{theirs['id']}{path}").status_code == 404
    refused = write(semarang, django_capture_on_commit_callbacks, theirs["id"])
    assert refused.status_code == 404 and refused.json() == {"detail": "Tidak ditemukan."}
    assert ImportJob.objects.get(pk=theirs["id"]).status == ImportJob.Status.CHECKED
    assert semarang.get("/api/v1/imports").json() == {
        "items": [], "count": 0, "count_is_estimate": False, "has_next": False
    }  # fmt: skip
    listed = kudus.get("/api/v1/imports").json()
    assert [item["id"] for item in listed["items"]] == [theirs["id"]] and listed["count"] == 1


def test_the_list_is_newest_first_and_paginated(personas: Personas) -> None:
    made = [
        ImportJob.objects.create(created_by=personas.semarang_admin, original_name=f"{n}.xlsx", file="x.xlsx")
        for n in range(3)
    ]
    client = api(personas.semarang_admin)
    first = client.get("/api/v1/imports?page_size=2").json()
    assert [item["id"] for item in first["items"]] == [made[2].pk, made[1].pk]
    assert (first["count"], first["has_next"]) == (3, True)
    second = client.get("/api/v1/imports?page_size=2&page=2").json()
    assert [item["id"] for item in second["items"]] == [made[0].pk] and not second["has_next"]


def test_a_page_of_jobs_costs_the_same_queries_for_3_or_25_jobs(
    personas: Personas, django_assert_num_queries: Any, django_assert_max_num_queries: Any
) -> None:
    """The list leaves each job's problems and changes unread (up to 2,000 problems a job)."""
    client = api(personas.semarang_admin)

    def make(count: int) -> None:
        for n in range(count):
            ImportJob.objects.create(
                created_by=personas.semarang_admin, original_name=f"{n}.xlsx", file="x.xlsx",
                problems=[{"row": 2, "column": "NIK", "message": "x", "blocking": True}] * 2000,
            )  # fmt: skip

    make(3)
    client.get("/api/v1/imports")  # the token's first use records it
    # the token, the page and its count (and PostgreSQL's estimate, asked first)
    with django_assert_max_num_queries(5) as few:
        assert len(client.get("/api/v1/imports").json()["items"]) == 3
    make(22)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/v1/imports").json()["items"]) == 25
    assert all('"problems"' not in query["sql"] for query in few.captured_queries)


def test_a_role_without_import_rights_gets_403_and_no_token_401(personas: Personas) -> None:
    for refused in (personas.viewer, personas.mentor, personas.participant):
        client = api(refused)
        response = client.post(
            "/api/v1/imports", {"kind": "enterprises", "file": sheet([HEADER, good_row(1)])}
        )
        assert response.status_code == 403
        assert response.json() == {"detail": "Peran Anda tidak boleh mengubah data ini."}
        assert client.get("/api/v1/imports").status_code == 403
    anonymous = Client()
    assert (
        anonymous.post("/api/v1/imports", {"kind": "enterprises", "file": sheet([HEADER])}).status_code == 401
    )
    assert anonymous.get("/api/v1/imports").status_code == 401
    assert anonymous.get("/api/v1/imports/1").status_code == 401
    assert anonymous.post("/api/v1/imports/1/write").status_code == 401
    assert not ImportJob.objects.exists()


def test_a_bad_kind_or_a_missing_file_is_refused_naming_the_field(personas: Personas) -> None:
    client = api(personas.semarang_admin)
    bad_kind = client.post("/api/v1/imports", {"kind": "persons", "file": sheet([HEADER, good_row(1)])})
    assert bad_kind.status_code == 422
    assert bad_kind.json() == {
        "detail": [
            {
                "field": "kind",
                "message": "Pilihan tidak dikenal; pilih salah satu: 'enterprises', 'figures', 'history'.",
            }
        ]
    }
    missing = client.post("/api/v1/imports", {"kind": "enterprises"})
    assert missing.status_code == 422
    assert missing.json() == {"detail": [{"field": "file", "message": "Wajib diisi."}]}
    as_text = client.post("/api/v1/imports", {"kind": "enterprises", "file": "nama;nik"})
    assert as_text.json() == {
        "detail": [{"field": "file", "message": "Isian file harus berupa berkas yang diunggah, bukan teks."}]
    }
    empty = client.post("/api/v1/imports", {"kind": "enterprises", "file": SimpleUploadedFile("x.csv", b"")})
    assert empty.status_code == 422
    assert empty.json() == {
        "detail": [{"field": "file", "message": "Berkas ini kosong; isi templat lalu unggah lagi."}]
    }
    english = client.post(
        "/api/v1/imports", {"kind": "enterprises", "file": SimpleUploadedFile("x.csv", b"")},
        headers={"Accept-Language": "en"},
    )  # fmt: skip
    assert (
        english.json()["detail"][0]["message"]
        == "This file is empty; fill in the template and upload it again."
    )
    assert not ImportJob.objects.exists()


def test_another_file_type_or_an_oversized_file_is_refused_with_the_pages_message(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = api(personas.semarang_admin)
    pdf = client.post(
        "/api/v1/imports", {"kind": "enterprises", "file": SimpleUploadedFile("x.pdf", b"%PDF")}
    )
    assert pdf.status_code == 422
    assert pdf.json() == {"detail": [{"field": "file", "message": ONLY_SHEETS}]}
    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 100)
    big = client.post("/api/v1/imports", {"kind": "enterprises", "file": sheet([HEADER, good_row(1)])})
    assert big.status_code == 422
    assert big.json() == {
        "detail": [{"field": "file", "message": "Berkas lebih dari 50 MB; bagi menjadi beberapa berkas."}]
    }
    assert not ImportJob.objects.exists()


def test_a_bomb_is_refused_by_its_check_with_the_rule_named(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    """As on the page: the upload is taken (202), its check refuses to unpack it; nothing is written."""
    client = api(personas.semarang_admin)
    persons = Person.objects.count()
    created = upload(
        client, django_capture_on_commit_callbacks, "enterprises",
        SimpleUploadedFile("bomb.xlsx", bomb(8_000)),
    )  # fmt: skip
    assert client.get(f"/api/v1/imports/{created['id']}").json()["status"] == "invalid"
    problems = client.get(f"/api/v1/imports/{created['id']}/problems").json()["items"]
    assert problems == [
        {
            "row": 0,
            "column": "",
            "severity": "error",
            "message": "Berkas .xlsx ini dipadatkan secara tidak wajar (isinya 144 kali ukuran padatnya; "
            "paling banyak 100 kali), jadi tidak dibuka. Simpan ulang dari Excel, atau bagi menjadi "
            "beberapa berkas.",
        }
    ]
    assert write(client, django_capture_on_commit_callbacks, created["id"]).status_code == 422
    assert Person.objects.count() == persons


def test_the_templates_are_the_pages_templates(personas: Personas) -> None:
    client = api(personas.semarang_admin)
    response = client.get("/api/v1/imports/templates/enterprises")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="templat-impor-umkm.xlsx"'
    figures = client.get("/api/v1/imports/templates/figures")
    assert figures["Content-Disposition"] == 'attachment; filename="templat-angka-bulanan.xlsx"'
    assert client.get("/api/v1/imports/templates/persons").status_code == 422
