"""Hostile and oversized import files (attacks.md V5, section 3) and the NIK existence oracle."""

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from openpyxl import Workbook

from naikkelas.core.models import AccessLog
from naikkelas.core.tabular import Limits, TabularError, read_rows
from naikkelas.registry import import_check
from naikkelas.registry.models import Enterprise, ImportJob, Person
from naikkelas.registry.services import imports
from naikkelas.testing.factories import Personas
from naikkelas.testing.registry import HEADER, check, csv_bytes, good_row, xlsx_bytes

pytestmark = pytest.mark.django_db

OUTSIDE_NIK = (
    "NIK ini tidak dapat diimpor oleh kantor Anda. Hapus baris ini dari berkas, lalu minta admin provinsi "
    "memeriksa dan mendaftarkannya."
)
OUTSIDE_NIB = (
    "NIB ini tidak dapat diimpor oleh kantor Anda. Hapus baris ini dari berkas, lalu minta admin provinsi "
    "memeriksa dan mendaftarkannya."
)
UNREADABLE = "Berkas tidak dapat dibaca sebagai spreadsheet; simpan ulang sebagai .xlsx atau .csv."


def bomb(rows: int) -> bytes:
    """An .xlsx whose sheet is `rows` rows of 18 cells of "x", packed 146 times like the security test's
    bomb (7.8 MB unpacking to 1.15 GB, 1,628,165 rows)."""
    buffer = io.BytesIO()
    row = "".join('<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(18))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + "".join(f'<row r="{n}">{row}</row>' for n in range(1, rows + 1))
        + "</sheetData></worksheet>"
    )
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER]))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            target.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()


def upload(personas: Personas, name: str, content: bytes, capture: Any) -> ImportJob:
    client = Client()
    client.force_login(personas.semarang_admin)
    with capture(execute=True):
        response = client.post(reverse("registry:import_start"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    return ImportJob.objects.get()


# Streaming and the row limit


def test_rows_are_read_one_at_a_time_and_reading_stops_at_the_row_limit(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    consumed = {"rows": 0}

    def endless(*args: Any, **kwargs: Any) -> Iterator[list[str]]:
        yield HEADER
        while True:
            consumed["rows"] += 1
            yield good_row(1, nik="", nib="")

    monkeypatch.setattr(imports, "read_rows", endless)
    monkeypatch.setattr(import_check, "MAX_ROWS", 2500)
    monkeypatch.setattr(import_check, "MAX_KEPT_PROBLEMS", 100)  # the limit message is kept all the same
    result = imports.enterprise_import_check(
        user=personas.semarang_admin, handle=io.BytesIO(b""), filename="x.xlsx"
    )
    assert consumed["rows"] == 2501  # the first row past the limit is seen, nothing after it
    assert result.total == 2500
    assert result.error_count == 2501  # each row lacks its NIK, and the file is too long
    assert result.problems[0].row == 2502  # the file's own problem comes first, ahead of the rows'
    assert result.problems[0].message == (
        "Terlalu banyak baris: paling banyak 2.500 baris data dalam satu berkas; bagi menjadi beberapa berkas."
    )


def test_a_file_over_the_row_limit_is_refused_naming_the_limit(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_check, "MAX_ROWS", 3)
    result = check(personas.semarang_admin, [HEADER] + [good_row(n) for n in range(1, 6)])
    assert not result.ok and result.rows == []
    assert [(p.row, p.message) for p in result.errors] == [
        (
            5,
            "Terlalu banyak baris: paling banyak 3 baris data dalam satu berkas; bagi menjadi beberapa berkas.",
        )
    ]


def test_the_bomb_is_refused_before_it_is_unpacked(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    content = bomb(8_000)  # 5.6 MB of XML in a 40 KB file
    persons = Person.objects.count()
    job = upload(personas, "bomb.xlsx", content, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.INVALID
    assert [{key: p[key] for key in ("row", "column", "blocking", "message")} for p in job.problems] == [
        {
            "row": 0,
            "column": "",
            "blocking": True,
            "message": "Berkas .xlsx ini dipadatkan secara tidak wajar (isinya 144 kali ukuran padatnya; "
            "paling banyak 100 kali), jadi tidak dibuka. Simpan ulang dari Excel, atau bagi menjadi "
            "beberapa berkas.",
        }
    ]
    assert Person.objects.count() == persons


@override_settings(IMPORT_XLSX_MAX_INFLATED_MB=2, IMPORT_XLSX_MAX_RATIO=1000)
def test_an_xlsx_that_unpacks_past_the_limit_is_refused(personas: Personas) -> None:
    with pytest.raises(TabularError) as refused:
        list(imports._rows(io.BytesIO(bomb(5_000)), "big.xlsx", lambda rows: None))
    assert str(refused.value) == (
        "Isi berkas .xlsx ini terlalu besar setelah dibuka (3,4 MB; paling besar 2 MB). "
        "Bagi menjadi beberapa berkas."
    )


def test_sizes_inside_the_limits_are_read() -> None:
    rows = list(read_rows(io.BytesIO(bomb(50)), "small.xlsx"))
    assert len(rows) == 50 and rows[0][:2] == ["x", "x"]


def test_shared_strings_over_their_limit_are_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si><t>%d</t></si>" * 1 + b"</sst>")
    limits = Limits(max_shared_strings_bytes=10)
    with pytest.raises(TabularError) as refused:
        list(read_rows(io.BytesIO(buffer.getvalue()), "x.xlsx", limits=limits))
    assert (refused.value.code, refused.value.limit) == ("inflated", 10)


def test_a_cell_in_the_last_column_does_not_widen_every_row() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.cell(row=2, column=16384, value="jauh")
    sheet.append(good_row(1))
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = list(read_rows(io.BytesIO(buffer.getvalue()), "wide.xlsx"))
    assert [len(row) for row in rows] == [60, 0, 60]
    assert rows[2][:18] == good_row(1)


def test_a_sheet_that_declares_fewer_rows_than_it_holds_is_read_whole(personas: Personas) -> None:
    content = xlsx_bytes([HEADER, good_row(1), good_row(2), good_row(3)])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w") as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:R4" />', b'<dimension ref="A1:R2" />')
                assert b'ref="A1:R2"' in data
            target.writestr(member, data)
    result = imports.enterprise_import_check(
        user=personas.semarang_admin, handle=io.BytesIO(buffer.getvalue()), filename="x.xlsx"
    )
    assert result.ok and result.total == 3


def test_a_csv_cell_over_the_csv_limit_is_reported_not_crashed(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    content = csv_bytes([HEADER, good_row(1, name="a" * 200_000)])
    job = upload(personas, "panjang.csv", content, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.INVALID
    assert [problem["message"] for problem in job.problems] == [UNREADABLE]


def test_a_windows_csv_with_undefined_bytes_is_read(personas: Personas) -> None:
    text = "\r\n".join(";".join(row) for row in [HEADER, good_row(1, name="José")])
    content = text.encode("cp1252").replace(b"Jos\xe9", b"Jos\xe9\x81")  # 0x81: undefined in cp1252
    result = imports.enterprise_import_check(
        user=personas.semarang_admin, handle=io.BytesIO(content), filename="excel.csv"
    )
    assert result.ok
    assert result.rows[0].person["name"] == "José\ufffd"


def test_a_csv_page_upload_is_read_from_the_stored_file(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    job = upload(
        personas,
        "umkm.csv",
        csv_bytes([HEADER, good_row(1), good_row(2)]),
        django_capture_on_commit_callbacks,
    )
    assert (job.status, job.total_rows) == (ImportJob.Status.CHECKED, 2)


# The existence oracle: an NIK (or NIB) registered outside the importer's scope


def test_an_nik_registered_in_the_admins_own_scope_is_named_as_registered(personas: Personas) -> None:
    own = personas.participant_person
    result = check(personas.semarang_admin, [HEADER, good_row(1, nik=own.nik)])
    assert {(p.row, p.column): p.message for p in result.errors}[
        (2, "NIK")
    ] == "NIK sudah terdaftar di registri."
    assert not AccessLog.objects.exists()


def test_an_nik_registered_outside_the_admins_scope_is_refused_without_saying_so(personas: Personas) -> None:
    kudus_owner = personas.kudus_enterprise.owner
    result = check(personas.semarang_admin, [HEADER, good_row(1), good_row(2, nik=kudus_owner.nik)])
    messages = {(p.row, p.column): p.message for p in result.errors}
    assert messages[(3, "NIK")] == OUTSIDE_NIK
    assert "terdaftar" not in OUTSIDE_NIK and "Kudus" not in OUTSIDE_NIK
    assert not result.ok and result.rows == []
    log = AccessLog.objects.get()
    assert (log.user, log.purpose, log.what, log.person_ids, log.person_count) == (
        personas.semarang_admin, "match", "import_outside_scope", [kudus_owner.pk], 1,
    )  # fmt: skip


def test_the_province_admin_sees_both_regencies_and_is_told_plainly(personas: Personas) -> None:
    kudus_owner = personas.kudus_enterprise.owner
    result = check(personas.province_admin, [HEADER, good_row(1, nik=kudus_owner.nik)])
    assert {(p.row, p.column): p.message for p in result.errors}[
        (2, "NIK")
    ] == "NIK sudah terdaftar di registri."
    assert not AccessLog.objects.exists()


def test_an_nib_registered_outside_the_admins_scope_is_refused_the_same_way(personas: Personas) -> None:
    Enterprise.objects.filter(pk=personas.kudus_enterprise.pk).update(nib="9120099999999")
    Enterprise.objects.filter(pk=personas.semarang_enterprise.pk).update(nib="9120088888888")
    result = check(
        personas.semarang_admin,
        [HEADER, good_row(1, nib="9120099999999"), good_row(2, nib="9120088888888")],
    )
    messages = {(p.row, p.column): p.message for p in result.errors}
    assert messages == {(2, "NIB"): OUTSIDE_NIB, (3, "NIB"): "NIB sudah terdaftar di registri."}
    assert AccessLog.objects.get().person_ids == [personas.kudus_enterprise.owner_id]


def test_the_page_flow_logs_the_attempt_with_the_jobs_page(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    kudus_owner = personas.kudus_enterprise.owner
    job = upload(
        personas, "kudus_nik.xlsx", xlsx_bytes([HEADER, good_row(1, nik=kudus_owner.nik)]),
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert job.status == ImportJob.Status.INVALID
    assert [p["message"] for p in job.problems if p["column"] == "NIK"] == [OUTSIDE_NIK]
    log = AccessLog.objects.get()
    assert (log.username, log.path, log.person_ids) == (
        "semarang", reverse("registry:import_detail", args=[job.pk]), [kudus_owner.pk],
    )  # fmt: skip
