"""The enterprise import's update mode: new monthly figures for enterprises already registered, matched
by NIB or by the owner's NIK; the rows that would change are shown (old -> new) before anything is
written, and the write writes those rows and nothing else, all or nothing."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from naikkelas.core.models import AuditEvent
from naikkelas.registry.import_check import FIGURE_COLUMNS
from naikkelas.registry.models import Enterprise, ImportJob, MetricReport
from naikkelas.registry.services import imports
from naikkelas.testing.factories import EnterpriseFactory, MetricReportFactory, Personas
from naikkelas.testing.registry import xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = [column.header for column in FIGURE_COLUMNS]
IMPORT = MetricReport.Source.IMPORT


def row(*, nik: str = "", nib: str = "", period: str = "2021-08", figures: tuple[str, str, str]) -> list[str]:
    return [nik, nib, period, *figures]


@pytest.fixture
def registered(personas: Personas) -> dict[str, Enterprise]:
    """Three Semarang enterprises with July and August 2021 imported, and one in Kudus."""
    made = {
        "bandeng": personas.semarang_enterprise,
        "batik": EnterpriseFactory.create(owner=personas.participant_person, name="Batik", nib="9120000000001"),
        "tahu": EnterpriseFactory.create(name="Tahu Bakso", nib="9120000000002", district=personas.semarang_enterprise.district),
        "jenang": EnterpriseFactory.create(owner=personas.kudus_enterprise.owner, name="Jenang", nib="9120000000009"),
    }  # fmt: skip
    Enterprise.objects.filter(pk=made["bandeng"].pk).update(nib="9120000000003")
    made["bandeng"].refresh_from_db()
    for enterprise in made.values():
        MetricReportFactory.create(enterprise=enterprise, period=date(2021, 8, 1), source=IMPORT,
                                   omzet=10_000_000, aset=40_000_000, workers=3)  # fmt: skip
    return made


def check(user: object, rows: list[list[str]]) -> imports.FigureCheckResult:
    content = io.BytesIO(xlsx_bytes([HEADER, *rows]))
    return imports.figures_import_check(user=user, handle=content, filename="angka.xlsx")  # type: ignore[arg-type]


def upload(client: Client, rows: list[list[str]], capture) -> ImportJob:  # type: ignore[no-untyped-def]
    content = SimpleUploadedFile("angka.xlsx", xlsx_bytes([HEADER, *rows]))
    with capture(execute=True):
        response = client.post(reverse("registry:import_start"), {"kind": "figures", "file": content})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.latest("id")


def test_the_check_shows_only_the_rows_that_change_with_old_and_new(
    personas: Personas, registered: dict[str, Enterprise]
) -> None:
    result = check(personas.semarang_admin, [
        row(nib="9120000000001", figures=("10.000.000", "40000000", "3")),  # the same: unchanged
        row(nib="9120000000002", figures=("12.500.000", "40000000", "4")),  # changes
        row(nib="9120000000003", period="2021-09", figures=("11000000", "41000000", "3")),  # a new month
    ])  # fmt: skip
    assert result.ok and result.unchanged == 1
    assert [change.as_json() for change in result.changes] == [
        {"row": 3, "enterprise": registered["tahu"].pk, "name": "Tahu Bakso", "period": "2021-08-01",
         "old": [10_000_000, 40_000_000, 3], "new": [12_500_000, 40_000_000, 4]},
        {"row": 4, "enterprise": registered["bandeng"].pk, "name": "Bandeng Presto Bu Sri",
         "period": "2021-09-01", "old": None, "new": [11_000_000, 41_000_000, 3]},
    ]  # fmt: skip
    assert MetricReport.objects.filter(source=IMPORT).count() == 4  # nothing written by the check


def test_the_page_shows_the_changes_then_writes_exactly_those(
    personas: Personas, registered: dict[str, Enterprise], django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(personas.semarang_admin)
    job = upload(client, [
        row(nib="9120000000001", figures=("10000000", "40000000", "3")),
        row(nib="9120000000002", figures=("12500000", "40000000", "4")),
        row(nik=personas.participant_person.nik, nib="9120000000003", period="2021-09",
            figures=("11000000", "41000000", "3")),
    ], django_capture_on_commit_callbacks)  # fmt: skip
    assert (job.kind, job.status, len(job.changes)) == ("figures", "checked", 2)
    page = client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
    assert "Simpan 2 perubahan" in page and "Tahu Bakso" in page and "Batik" not in page
    assert "<del>Rp10.000.000</del> → <strong>Rp12.500.000</strong>" in page.replace("\xa0", "")
    before = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_commit", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.written_rows, job.message) == ("done", 2, "2 laporan angka tersimpan.")
    tahu = MetricReport.objects.get(enterprise=registered["tahu"], period=date(2021, 8, 1), source=IMPORT)
    assert (tahu.omzet, tahu.workers) == (12_500_000, 4)
    september = MetricReport.objects.get(enterprise=registered["bandeng"], period=date(2021, 9, 1))
    assert (september.source, september.omzet, september.reported_by) == (
        IMPORT,
        11_000_000,
        personas.semarang_admin,
    )
    batik = MetricReport.objects.get(enterprise=registered["batik"], source=IMPORT)
    assert not AuditEvent.objects.filter(
        object_type="registry.metricreport", object_id=str(batik.pk)
    ).exists()
    written = AuditEvent.objects.filter(pk__gt=0).order_by("-id")[: AuditEvent.objects.count() - before]
    assert sorted((e.action, e.object_id) for e in written if e.object_type == "registry.metricreport") == sorted(
        [("update", str(tahu.pk)), ("create", str(september.pk))]
    )  # fmt: skip


def test_a_change_in_the_registry_after_the_check_writes_nothing_and_shows_the_new_changes(
    personas: Personas, registered: dict[str, Enterprise], django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(personas.semarang_admin)
    job = upload(client, [
        row(nib="9120000000001", figures=("10000000", "40000000", "3")),
        row(nib="9120000000002", figures=("12500000", "40000000", "4")),
    ], django_capture_on_commit_callbacks)  # fmt: skip
    assert [change["name"] for change in job.changes] == ["Tahu Bakso"]
    # Meanwhile someone corrects Batik's August: the file's row 2 would now change it too.
    MetricReport.objects.filter(enterprise=registered["batik"], source=IMPORT).update(omzet=9_000_000)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "checked" and "berubah sejak pemeriksaan" in job.message
    assert [change["name"] for change in job.changes] == ["Batik", "Tahu Bakso"]
    tahu = MetricReport.objects.get(enterprise=registered["tahu"], source=IMPORT)
    assert tahu.omzet == 10_000_000  # not written: the admin had not seen Batik's change


def test_an_enterprise_outside_the_office_is_answered_as_not_registered(
    personas: Personas, registered: dict[str, Enterprise]
) -> None:
    result = check(personas.semarang_admin, [
        row(nib="9120000000009", figures=("1", "1", "1")),  # Kudus's Jenang
        row(nib="9120000000077", figures=("1", "1", "1")),  # nobody's
        row(nik=personas.kudus_enterprise.owner.nik, figures=("1", "1", "1")),
    ])  # fmt: skip
    assert [(p.row, p.column, p.message) for p in result.errors] == [
        (2, "NIB", "Tidak ada usaha dengan NIB ini di wilayah Anda."),
        (3, "NIB", "Tidak ada usaha dengan NIB ini di wilayah Anda."),
        (4, "NIK", "Tidak ada usaha dengan NIK pemilik ini di wilayah Anda."),
    ]
    assert result.changes == []


def test_an_owner_with_two_enterprises_is_asked_for_the_nib_and_bad_figures_are_named(
    personas: Personas, registered: dict[str, Enterprise]
) -> None:
    result = check(personas.semarang_admin, [
        row(nik=personas.participant_person.nik, figures=("1", "1", "1")),  # Bandeng and Batik
        row(nib="9120000000002", period="2999-01", figures=("1", "-5", "-1")),
        row(nib="9120000000002", figures=("1", "1", "1")),
        row(nib="9120000000002", figures=("2", "2", "2")),
    ])  # fmt: skip
    assert [(p.row, p.column, p.message) for p in result.errors] == [
        (2, "NIB", "Pemilik ini punya 2 usaha; isi NIB usaha yang dimaksud."),
        (3, "Bulan Laporan", "Bulan laporan tidak boleh di masa depan."),
        (3, "Aset (Rp)", "Jumlah rupiah tidak boleh negatif."),
        (3, "Tenaga Kerja", "Jumlah tenaga kerja tidak boleh negatif."),
        (5, "Bulan Laporan", "Usaha dan bulan yang sama sudah ada di baris 4."),
    ]
    assert not result.ok and result.changes == []


def test_a_file_that_changes_nothing_cannot_be_saved(
    personas: Personas, registered: dict[str, Enterprise], django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(personas.semarang_admin)
    job = upload(client, [row(nib="9120000000001", figures=("10000000", "40000000", "3"))],
                 django_capture_on_commit_callbacks)  # fmt: skip
    page = client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
    assert "Tidak ada angka yang berubah" in page and 'id="commit"' not in page
    with pytest.raises(ValueError, match="Tidak ada angka yang berubah"):
        imports.import_job_start_writing(user=personas.semarang_admin, job=job)


def test_the_command_lists_the_changes_and_writes_them_with_commit(
    personas: Personas, registered: dict[str, Enterprise], tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    path = tmp_path / "angka.xlsx"
    path.write_bytes(xlsx_bytes([HEADER,
        row(nib="9120000000001", figures=("10000000", "40000000", "3")),
        row(nib="9120000000002", figures=("12500000", "40000000", "4")),
    ]))  # fmt: skip
    out = io.StringIO()
    call_command("import_enterprises", str(path), "--figures", "--user", "semarang", stdout=out)
    assert "baris 3: Tahu Bakso 2021-08: 10000000/40000000/3 → 12500000/40000000/4" in out.getvalue()
    assert MetricReport.objects.get(enterprise=registered["tahu"], source=IMPORT).omzet == 10_000_000
    out = io.StringIO()
    call_command("import_enterprises", str(path), "--figures", "--commit", "--user", "semarang", stdout=out)
    assert "1 laporan angka tersimpan." in out.getvalue()
    assert MetricReport.objects.get(enterprise=registered["tahu"], source=IMPORT).omzet == 12_500_000
    job = ImportJob.objects.get()
    assert (job.kind, job.status, job.written_rows) == ("figures", "done", 1)
