"""The history import: past batches with participants, days attended, graduation and figures. Every bad
row class is named by row and column with nothing written; a good file creates the batches, enrolments,
attendance, graduations and figures through the import job, and the cohort report counts them."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from naikkelas.accounts.models import Organisation, User
from naikkelas.outcomes.cohort import CohortFilter, cohort
from naikkelas.programs.models import Batch, Program
from naikkelas.registry.models import Enterprise, ImportJob, MetricReport, Person
from naikkelas.selection.models import Application
from naikkelas.testing.factories import Personas, nik_for
from naikkelas.testing.programs import program_with_levels
from naikkelas.testing.registry import xlsx_bytes
from naikkelas.training.history import COLUMNS
from naikkelas.training.models import Attendance, Enrolment, Graduation
from naikkelas.training.services import history

pytestmark = pytest.mark.django_db

HEADER = [column.header for column in COLUMNS]
KEYS = [column.key for column in COLUMNS]
SRI = nik_for("33.74.01", "F", date(1980, 3, 12))
BUDI = nik_for("33.74.02", "M", date(1975, 1, 5))
N = {n: nik_for(f"33.74.{n:02d}", "F", date(1980, 3, 12)) for n in range(3, 18)}  # one NIK per district


def row(**changes: str) -> list[str]:
    values = {
        "year": "2020", "level": "1", "organiser": "", "start_date": "2020-08-03", "nik": SRI,
        "name": "Sri Rahayu", "sex": "P", "birth_date": "1980-03-12", "phone": "", "address_district": "33.74.01",
        "enterprise_name": "Bandeng Sri", "nib": "", "sector": "olahan perikanan", "district": "33.74.01",
        "started_on": "2015-06-01", "days": "5", "graduated": "Y", "baseline_period": "2020-06",
        "baseline_omzet": "8000000", "baseline_aset": "30000000", "baseline_workers": "2",
        "followup_period": "2021-03", "followup_omzet": "12500000", "followup_aset": "41000000",
        "followup_workers": "3",
    }  # fmt: skip
    values.update(changes)
    return [values[key] for key in KEYS]


def budi(**changes: str) -> list[str]:
    return row(**{"nik": BUDI, "name": "Budi Hartono", "sex": "L", "birth_date": "1975-01-05",
                  "address_district": "33.74.02", "district": "33.74.02", "enterprise_name": "Batik Budi",
                  "days": "3", "graduated": "T", **changes})  # fmt: skip


@pytest.fixture
def program(personas: Personas) -> Program:
    centre = Organisation.objects.get(memberships__user=personas.province_admin)
    made, _basic, _middle = program_with_levels(centre, year=2026)
    return made


def check(user: User, rows: list[list[str]]) -> history.HistoryCheckResult:
    content = io.BytesIO(xlsx_bytes([HEADER, *rows]))
    result = history.history_import_check(user, _rows(content), date(2026, 12, 1))
    return result


def _rows(content: io.BytesIO):  # type: ignore[no-untyped-def]
    from naikkelas.core.tabular import read_rows

    return read_rows(content, "riwayat.xlsx")


def problems(result: history.HistoryCheckResult) -> set[tuple[int, str, str]]:
    return {(p.row, p.column, p.message) for p in result.problems if p.blocking}


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Program, Batch, Person, Enterprise, MetricReport, Application, Enrolment, Graduation)
    )


def test_the_templates_example_row_is_refused_so_no_history_is_invented(
    personas: Personas, program: Program
) -> None:
    # It was a demo person's NIK, and only warned ("NIK sudah terdaftar"): left in, it added a history.
    sheet = load_workbook(io.BytesIO(history.history_template(user=personas.semarang_admin)))["Riwayat"]
    example = [str(cell.value or "") for cell in sheet[2]]
    assert example[KEYS.index("nik")] == "3374010101909999"
    result = check(personas.semarang_admin, [example, row()])
    assert problems(result) == {(2, "", "Baris contoh dari templat; hapus sebelum mengunggah.")}
    assert not result.ok and not result.rows


def test_a_month_column_hints_a_month_not_a_date(personas: Personas, program: Program) -> None:
    result = check(personas.semarang_admin, [row(baseline_period="2026-13")])
    assert problems(result) == {
        (2, "Bulan Angka Awal", "Bulan '2026-13' tidak dapat dibaca; tulis seperti 2021-02.")
    }


def test_a_new_business_file_uploaded_as_history_says_the_wrong_kind_was_chosen(
    personas: Personas, program: Program
) -> None:
    from naikkelas.testing.registry import HEADER as ENTERPRISE_HEADER
    from naikkelas.testing.registry import good_row

    content = io.BytesIO(xlsx_bytes([ENTERPRISE_HEADER, good_row(1)]))
    result = history.history_import_check(personas.semarang_admin, _rows(content), date(2026, 12, 1))
    assert [(p.row, p.column, p.message) for p in result.problems] == [
        (0, "", "Berkas ini tampaknya templat usaha baru; pilih jenis impor 'usaha baru'.")
    ]


def test_template_has_lookup_sheets_and_checks_for_the_office(personas: Personas, program: Program) -> None:
    content = history.history_template(user=personas.semarang_admin)
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Riwayat", "Sektor", "Kecamatan", "Jenjang", "Penyelenggara"]
    sheet = book["Riwayat"]
    assert [cell.value for cell in sheet[1]] == HEADER
    districts = [r[0] for r in book["Kecamatan"].iter_rows(min_row=2, values_only=True)]
    assert districts and all(str(code).startswith("33.74.") for code in districts)  # Semarang's only
    assert [r[0] for r in book["Penyelenggara"].iter_rows(min_row=2, values_only=True)] == ["33.74"]
    assert [r[:2] for r in book["Jenjang"].iter_rows(min_row=2, values_only=True)] == [
        (1, "Dasar"),
        (2, "Menengah"),
    ]
    rules = {
        str(v.sqref).split(":")[0]: (v.type, v.operator, v.formula1)
        for v in sheet.data_validations.dataValidation
    }
    letter = {key: sheet.cell(row=1, column=i + 1).column_letter for i, key in enumerate(KEYS)}
    assert rules[f"{letter['sector']}2"] == ("list", None, "='Sektor'!$A$2:$A$10")
    assert rules[f"{letter['level']}2"] == ("list", None, "='Jenjang'!$A$2:$A$3")
    assert rules[f"{letter['baseline_omzet']}2"] == ("whole", "greaterThanOrEqual", "0")
    assert rules[f"{letter['days']}2"] == ("whole", "between", "0")
    assert rules[f"{letter['start_date']}2"][0] == "date"
    assert rules[f"{letter['graduated']}2"] == ("list", None, '"Y,T"')


def test_every_bad_row_class_is_named_by_row_and_column_and_nothing_is_written(
    personas: Personas, program: Program
) -> None:
    before = counts()
    result = check(personas.semarang_admin, [
        row(nik="3374011203800000"),                                   # 2 NIK: serial 0000
        row(level="7", nik=BUDI),                                      # 3 unknown level
        row(district="33.19.02", nik=N[3]),  # 4 outside the scope
        row(days="6", nik=N[4]),  # 5 more days than the level has
        row(days="2", nik=N[5]),  # 6 graduated, too few days
        row(baseline_omzet="-5", nik=N[6]),  # 7 negative figure
        row(baseline_aset="banyak", nik=N[7]),  # 8 not a number
        row(followup_period="2027-03", nik=N[8]),  # 9 future month
        row(name="Sri lagi", nik=N[4]),  # 10 row 5's person again
        row(start_date="2021-08-02", nik=N[9]),  # 11 another year
        row(start_date="2026-11-30", year="2026", nik=N[10]),  # 12 not over
        row(organiser="33.19", nik=N[11]),  # 13 Kudus's office
        row(graduated="mungkin", nik=N[12]),  # 14 not Y/T
        row(baseline_period="2020-09", nik=N[13]),  # 15 after the start
        row(followup_period="2020-08", nik=N[14]),  # 16 before the end
        row(level="2", nik=N[15]),  # 17 a province level
        row(followup_omzet="", nik=N[16]),  # 18 follow-up half filled
        row(start_date="2020-11-02", nik=N[4]),  # 19 a second level-1 seat
        row(sector="tambang", nik=N[17]),  # 20 unknown sector
    ])  # fmt: skip
    found = problems(result)
    header = {column.key: column.header for column in COLUMNS}
    expected = [
        (2, "nik", "0000"),
        (3, "level", "Jenjang 7 tidak dikenal untuk tahun 2020"),
        (4, "district", "Kecamatan 33.19.02 di luar wilayah Anda."),
        (5, "days", "Hadir 6 hari, lebih dari lama pelatihan (5 hari)."),
        (6, "graduated", "Lulus dengan hadir 2 hari; jenjang ini mensyaratkan minimal 4 hari."),
        (7, "baseline_omzet", "tidak boleh negatif"),
        (8, "baseline_aset", "banyak"),
        (9, "followup_period", "Bulan laporan tidak boleh di masa depan."),
        (10, "nik", "Orang yang sama sudah ada di angkatan ini, baris 5."),
        (11, "start_date", "Angkatan mulai di tahun 2021, bukan tahun program 2020."),
        (12, "start_date", "Angkatan ini belum selesai"),
        (13, "organiser", "Penyelenggara 33.19 di luar wilayah Anda."),
        (14, "graduated", "Tulis Y (lulus) atau T (tidak lulus)."),
        (15, "baseline_period", "Bulan angka awal sesudah angkatan mulai"),
        (16, "followup_period", "Bulan tindak lanjut harus sesudah angkatan selesai."),
        (17, "organiser", "Jenjang 2 diselenggarakan oleh provinsi"),
        (18, "followup_omzet", "Wajib diisi"),
        (19, "nik", "tahun 2020 di baris 5; satu orang satu kursi per jenjang"),
        (20, "sector", "Sektor tidak dikenal"),
    ]
    for number, key, words in expected:
        assert any(r == number and c == header[key] and words.lower() in m.lower() for r, c, m in found), (
            number,
            key,
            sorted(p for p in found if p[0] == number),
        )
    assert {r for r, _c, _m in found} == set(range(2, 21))  # every bad row, and only those, and row 1 none
    assert not result.ok and result.history == []
    assert counts() == before


def test_a_good_file_is_written_through_the_import_job_and_counted_by_the_cohort_report(
    personas: Personas, program: Program, client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.semarang_admin)
    content = SimpleUploadedFile("riwayat-2020.xlsx", xlsx_bytes([HEADER, row(), budi()]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:import_start"), {"kind": "history", "file": content})
    assert response.status_code == 302
    job = ImportJob.objects.latest("id")
    assert job.kind == ImportJob.Kind.HISTORY and job.status == ImportJob.Status.CHECKED, job.problems
    assert Batch.objects.filter(start_date=date(2020, 8, 3)).count() == 0  # the check wrote nothing
    page = client.get(reverse("registry:import_detail", args=[job.pk]))
    assert "Simpan 2 peserta riwayat" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.written_rows == 2, job.message

    batch = Batch.objects.get(start_date=date(2020, 8, 3))
    assert batch.level.program.year == 2020 and batch.level.rank == 1
    assert batch.level.program.status == Program.Status.CLOSED
    assert batch.organiser == Organisation.objects.get(memberships__user=personas.semarang_admin)
    assert batch.end_date == date(2020, 8, 7)
    assert sorted(Enrolment.objects.filter(batch=batch).values_list("graduated", flat=True)) == [False, True]  # type: ignore[type-var]
    assert Attendance.objects.filter(enrolment__batch=batch, present=True).count() == 5 + 3
    assert Attendance.objects.filter(enrolment__batch=batch, present=False).count() == 2
    graduate = Graduation.objects.get(batch=batch)
    assert graduate.enterprise.name == "Bandeng Sri" and graduate.graduated_on == date(2020, 8, 7)
    sri = Application.objects.get(batch=batch, enterprise=graduate.enterprise)
    assert sri.status == Application.Status.SELECTED
    assert (sri.baseline.period, sri.baseline.omzet) == (date(2020, 6, 1), 8_000_000)

    report = cohort(personas.semarang_admin, CohortFilter(year=2020), with_comparison=False)
    assert [m.enterprise_id for m in report.participants] == [graduate.enterprise_id]
    member = report.participants[0]
    assert member.baseline == (8_000_000, 30_000_000, 2)
    assert member.followup == (12_500_000, 41_000_000, 3)

    # The same file again: every row already holds its seat, and nothing more is written.
    before = counts()
    again = check(personas.semarang_admin, [row(), budi()])
    assert {(p.row, p.column) for p in again.errors} == {(2, "NIK"), (3, "NIK")}
    assert "sudah pernah diimpor" in again.errors[0].message
    assert counts() == before


def _history_job(user: User, rows: list[list[str]]) -> tuple[ImportJob, history.HistoryCheckResult]:
    from naikkelas.registry.services.imports import import_job_open

    result = check(user, rows)
    assert result.ok, result.errors
    return import_job_open(user=user, name="riwayat.xlsx", rows=result.total, kind="history"), result


def _everything() -> tuple[int, ...]:
    from naikkelas.core.models import AuditEvent

    return (*counts(), Attendance.objects.count(), AuditEvent.objects.count())


def test_a_failure_in_a_later_chunk_leaves_nothing_written_not_even_earlier_chunks(
    personas: Personas, program: Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The rule: the history write is all or nothing although each chunk is its own transaction.
    from django.core.exceptions import ValidationError

    monkeypatch.setattr(history, "CHUNK", 1)
    real = history.application_record_past
    calls = {"n": 0}

    def refuse_the_second(**kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise ValidationError("Ditolak di potongan kedua.")
        return real(**kwargs)

    monkeypatch.setattr(history, "application_record_past", refuse_the_second)
    job, result = _history_job(personas.semarang_admin, [row(), budi()])
    before = _everything()
    with pytest.raises(ValidationError, match=r"Ditolak di potongan kedua\."):
        history.history_import_write(job, result, lambda stage, done, total: None)
    assert _everything() == before  # the first chunk's program, batch, owner, business, figures,
    # application, enrolment, attendance, graduation and their audit entries are gone too
    job.refresh_from_db()
    assert job.written == []


def test_progress_advances_per_chunk_and_the_job_names_what_each_chunk_wrote(
    personas: Personas, program: Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history, "CHUNK", 1)
    job, result = _history_job(personas.semarang_admin, [row(), budi()])
    seen: list[tuple[str, int, int, int]] = []

    def progress(stage: str, done: int, total: int) -> None:
        seen.append((stage, done, total, Enrolment.objects.count()))

    assert history.history_import_write(job, result, progress) == 2
    assert seen == [("writing", 0, 2, 0), ("writing", 1, 2, 1), ("writing", 2, 2, 2)]  # committed per chunk
    job.refresh_from_db()
    written = dict(job.written)
    assert sorted(written["training.enrolment"]) == sorted(Enrolment.objects.values_list("pk", flat=True))


def test_the_sweep_removes_the_chunks_a_dead_worker_committed(
    personas: Personas, program: Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from naikkelas.registry.services import imports

    monkeypatch.setattr(history, "CHUNK", 1)
    job, result = _history_job(personas.semarang_admin, [row(), budi()])
    before = _everything()

    def die_after_the_first_chunk(stage: str, done: int, total: int) -> None:
        if done == 1:
            raise SystemExit  # the worker is killed: no chance to clean up

    monkeypatch.setattr(imports, "import_job_discard_written", lambda *, job: 0)
    with pytest.raises(SystemExit):
        history.history_import_write(job, result, die_after_the_first_chunk)
    monkeypatch.undo()
    assert Enrolment.objects.count() == 1  # the first chunk is committed
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    job.refresh_from_db()
    assert imports.import_job_fail_if_stale(job=job)
    assert _everything() == before
    assert job.status == ImportJob.Status.FAILED and job.written == []
