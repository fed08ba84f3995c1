"""The import job's life in the background: its own task queue, the heartbeat, a worker that died, and the
chunked write that stays all or nothing (attacks.md V5, V6)."""

import io
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from naikkelas.core.models import AuditEvent
from naikkelas.notify.models import Message
from naikkelas.notify.services.outbox import message_queue
from naikkelas.notify.tests.conftest import CONTEXT
from naikkelas.registry.models import Enterprise, ImportJob, MetricReport, Person
from naikkelas.registry.services import imports
from naikkelas.testing.factories import EnterpriseFactory, Personas, PersonFactory
from naikkelas.testing.notify import opt_in
from naikkelas.testing.registry import HEADER, check, good_row, xlsx_bytes

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}}


def _upload(rows: int = 2) -> SimpleUploadedFile:
    return SimpleUploadedFile("umkm.xlsx", xlsx_bytes([HEADER] + [good_row(n) for n in range(1, rows + 1)]))


# Queues


# The worker closes the database connection between tasks, as in production: no test transaction.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_imports_and_messages_are_queued_apart(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    opt_in("sri@example.id")  # a reminder goes only where she said yes
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.import_job_create(user=personas.semarang_admin, upload=_upload())
        message = message_queue(
            recipient="sri@example.id", channel="email", template="followup_reminder", context=CONTEXT,
            dedupe_key="queues-test",
        )  # fmt: skip
    assert sorted(DBTaskResult.objects.values_list("task_path", "queue_name")) == [
        ("naikkelas.notify.services.outbox.message_deliver_task", "default"),
        ("naikkelas.registry.services.imports.import_check_task", "imports"),
    ]
    # The default queue's worker sends the message and leaves the import to its own worker.
    call_command("db_worker", "--queue-name", "default", "--batch", "--no-startup-delay", "-v", "0")
    message.refresh_from_db()
    job.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert job.status == ImportJob.Status.CHECKING
    call_command("db_worker", "--queue-name", "imports", "--batch", "--no-startup-delay", "-v", "0")
    job.refresh_from_db()
    assert (job.status, job.total_rows) == (ImportJob.Status.CHECKED, 2)


def test_serve_runs_a_worker_for_every_queue() -> None:
    script = (Path(settings.PROJECT_DIR) / "run").read_text()
    serve = script[script.index("serve() {") : script.index("\n}\n", script.index("serve() {"))]
    assert sorted(re.findall(r"db_worker .*--queue-name (\w+)", serve)) == sorted(settings.TASK_QUEUES)


# The heartbeat and a worker that died


def _checked_rows(personas: Personas, count: int) -> list[Any]:
    result = check(personas.semarang_admin, [HEADER] + [good_row(n) for n in range(1, count + 1)])
    assert result.ok
    return list(result.rows)


def _job(personas: Personas, status: str, heartbeat_minutes_ago: float | None) -> ImportJob:
    beat = (
        None if heartbeat_minutes_ago is None else timezone.now() - timedelta(minutes=heartbeat_minutes_ago)
    )
    return ImportJob.objects.create(
        created_by=personas.semarang_admin, original_name="umkm.xlsx", file="imports/umkm.xlsx",
        status=status, heartbeat_at=beat,
    )  # fmt: skip


def _imported(job: ImportJob) -> tuple[int, int, int, int]:
    """Persons, enterprises, figures and audit entries the job wrote (one for a whole import)."""
    return (
        Person.objects.filter(import_job=job).count(),
        Enterprise.objects.filter(import_job=job).count(),
        MetricReport.objects.filter(enterprise__import_job=job).count(),
        AuditEvent.objects.filter(changes__import_job=job.pk).count(),
    )


DIED_CHECKING = (
    "Pemeriksaan terhenti: proses latar belakang tidak bekerja lagi selama 5 menit. "
    "Tidak ada yang disimpan; unggah berkas ini lagi."
)
DIED_WRITING = (
    "Penyimpanan terhenti: proses latar belakang tidak bekerja lagi selama 5 menit. "
    "Tidak ada yang disimpan; unggah berkas ini lagi."
)


def test_tick_fails_a_check_whose_worker_died(personas: Personas) -> None:
    dead = _job(personas, ImportJob.Status.CHECKING, heartbeat_minutes_ago=6)
    out = io.StringIO()
    call_command("tick", stdout=out)
    dead.refresh_from_db()
    assert (dead.status, dead.message) == (ImportJob.Status.FAILED, DIED_CHECKING)
    assert dead.finished_at is not None
    assert "stalled imports failed 1" in out.getvalue()


def test_live_and_queued_jobs_are_left_alone(personas: Personas) -> None:
    live = _job(personas, ImportJob.Status.WRITING, heartbeat_minutes_ago=4)
    queued = _job(personas, ImportJob.Status.CHECKING, heartbeat_minutes_ago=None)
    ImportJob.objects.filter(pk=queued.pk).update(created_at=timezone.now() - timedelta(days=1))
    done = _job(personas, ImportJob.Status.DONE, heartbeat_minutes_ago=60)
    assert imports.import_jobs_fail_stale() == 0
    assert [ImportJob.objects.get(pk=job.pk).status for job in (live, queued, done)] == [
        ImportJob.Status.WRITING, ImportJob.Status.CHECKING, ImportJob.Status.DONE,
    ]  # fmt: skip


def test_the_page_fails_a_write_whose_worker_died_and_removes_what_it_wrote(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "CHUNK", 2)
    job = _job(personas, ImportJob.Status.WRITING, heartbeat_minutes_ago=0)
    rows = _checked_rows(personas, 5)
    # The worker wrote two chunks (4 rows) and was killed before the third: no cleanup ran.
    imports.enterprise_import_write(user=personas.semarang_admin, rows=rows[:4], job=job)
    assert _imported(job) == (4, 4, 4, 1)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=6))
    client = Client()
    client.force_login(personas.semarang_admin)
    page = client.get(reverse("registry:import_detail", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.message) == (ImportJob.Status.FAILED, DIED_WRITING)
    assert DIED_WRITING in page.content.decode()
    assert _imported(job) == (0, 0, 0, 0)
    assert not Enterprise.objects.filter(name__startswith="Impor ").exists()


def test_a_slow_worker_taken_for_dead_stops_and_leaves_nothing(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "CHUNK", 2)
    job = _job(personas, ImportJob.Status.WRITING, heartbeat_minutes_ago=0)
    rows = _checked_rows(personas, 5)

    def stall(stage: str, done: int, total: int) -> None:
        if done == 2:  # after the first chunk the worker stalls past the limit and the sweep runs
            ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=6))
            assert imports.import_jobs_fail_stale() == 1

    finished = imports.import_job_write(job=job, rows=rows, progress=stall)
    assert (finished.status, finished.message) == (ImportJob.Status.FAILED, DIED_WRITING)
    assert _imported(job) == (0, 0, 0, 0)


def test_a_job_failed_meanwhile_is_not_checked_again(personas: Personas) -> None:
    failed = _job(personas, ImportJob.Status.FAILED, heartbeat_minutes_ago=10)
    imports.import_check_task.call(failed.pk)
    imports.import_write_task.call(failed.pk)
    failed.refresh_from_db()
    assert (failed.status, failed.total_rows) == (ImportJob.Status.FAILED, 0)


def _waiting_line(personas: Personas, job: ImportJob) -> str:
    client = Client()
    client.force_login(personas.semarang_admin)
    page = client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
    found = re.search(r'<p id="waiting">(.*?)</p>', page)
    assert found is not None
    return found[1]


def test_a_job_waiting_behind_another_import_says_another_is_ahead(personas: Personas) -> None:
    _job(personas, ImportJob.Status.CHECKING, heartbeat_minutes_ago=0.1)  # a worker is on it
    queued = _job(personas, ImportJob.Status.CHECKING, heartbeat_minutes_ago=None)
    assert _waiting_line(personas, queued) == "Menunggu giliran: impor lain sedang diproses lebih dulu."


def test_the_first_upload_waits_for_its_check_to_start_not_for_another_import(personas: Personas) -> None:
    # The tester's first upload said another import was ahead when none was.
    queued = _job(personas, ImportJob.Status.CHECKING, heartbeat_minutes_ago=None)
    _job(personas, ImportJob.Status.INVALID, heartbeat_minutes_ago=None)  # finished jobs are not ahead
    assert _waiting_line(personas, queued) == "Menunggu pemeriksaan dimulai…"


def test_a_write_waiting_for_its_worker_says_the_saving_has_not_started(personas: Personas) -> None:
    queued = _job(personas, ImportJob.Status.WRITING, heartbeat_minutes_ago=None)
    assert _waiting_line(personas, queued) == "Menunggu penyimpanan dimulai…"


# The chunked write (V6): short transactions, all or nothing


@pytest.mark.django_db(transaction=True)
def test_chunks_are_committed_one_by_one_with_no_transaction_left_open_between(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "CHUNK", 2)
    job = _job(personas, ImportJob.Status.WRITING, heartbeat_minutes_ago=0)
    rows = _checked_rows(personas, 5)
    between: list[tuple[int, bool, int]] = []

    def observe(stage: str, done: int, total: int) -> None:
        between.append((done, connection.in_atomic_block, Person.objects.filter(import_job=job).count()))

    finished = imports.import_job_write(job=job, rows=rows, progress=observe)
    assert between == [(2, False, 2), (4, False, 4), (5, False, 5)]
    assert (finished.status, finished.written_rows, finished.message) == ("done", 5, "5 usaha tersimpan.")
    assert _imported(finished) == (5, 5, 5, 1)


def test_a_chunk_failing_midway_leaves_nothing_of_the_import(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "CHUNK", 2)
    job = _job(personas, ImportJob.Status.WRITING, heartbeat_minutes_ago=0)
    rows = _checked_rows(personas, 5)
    persons_before = Person.objects.count()
    registered: list[Person] = []

    def register_row_5_meanwhile(stage: str, done: int, total: int) -> None:
        if done == 2:  # someone registers the NIK of row 6 of the sheet while chunk 1 is in
            registered.append(PersonFactory.create(nik=rows[4].person["nik"], birth_date=date(1980, 3, 12)))

    finished = imports.import_job_write(job=job, rows=rows, progress=register_row_5_meanwhile)
    assert (finished.status, finished.message) == (
        ImportJob.Status.FAILED, "Data bentrok dengan perubahan lain saat disimpan; tidak ada yang disimpan.",
    )  # fmt: skip
    assert _imported(job) == (0, 0, 0, 0)
    assert Person.objects.count() == persons_before + 1  # only the one registered meanwhile
    assert Person.objects.filter(pk=registered[0].pk).exists()


def test_page_commit_writes_in_chunks_and_a_finished_import_keeps_its_rows(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(imports, "CHUNK", 2)
    client = Client()
    client.force_login(personas.semarang_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_start"), {"file": _upload(5)})
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_commit", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.written_rows) == (ImportJob.Status.DONE, 5)
    assert _imported(job) == (5, 5, 5, 1)
    with pytest.raises(ValueError, match="a finished import keeps its rows"):
        imports.import_job_discard_rows(job=job)
    # A finished job's old heartbeat is not a dead worker.
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert imports.import_jobs_fail_stale() == 0
    assert _imported(job) == (5, 5, 5, 1)


def test_a_row_built_on_during_the_write_stays_and_the_message_says_so(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "CHUNK", 2)
    job = _job(personas, ImportJob.Status.WRITING, heartbeat_minutes_ago=0)
    rows = _checked_rows(personas, 5)

    def meanwhile(stage: str, done: int, total: int) -> None:
        if done == 2:
            # an office adds a second business to an owner the import just wrote, then the registry changes
            owner = Person.objects.filter(import_job=job).order_by("pk").first()
            EnterpriseFactory.create(owner=owner, name="Usaha kedua")
            PersonFactory.create(nik=rows[4].person["nik"], birth_date=date(1980, 3, 12))

    finished = imports.import_job_write(job=job, rows=rows, progress=meanwhile)
    assert finished.message == (
        "Data bentrok dengan perubahan lain saat disimpan; tidak ada yang disimpan. Kecuali 1 data yang sudah "
        "dipakai di tempat lain selama penyimpanan; periksa di registri."
    )
    assert _imported(job)[:3] == (1, 0, 0)  # the owner stays; their imported enterprise and figures went
    assert Enterprise.objects.filter(name="Usaha kedua", owner__import_job=job).exists()
