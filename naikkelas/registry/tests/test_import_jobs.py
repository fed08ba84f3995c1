"""The import job's life in the background: its own task queue, the heartbeat, a worker that died, and the
chunked write that stays all or nothing (attacks.md V5, V6)."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from naikkelas.notify.models import Message
from naikkelas.notify.services import message_queue
from naikkelas.notify.tests.test_delivery import CONTEXT
from naikkelas.registry import imports
from naikkelas.registry.models import ImportJob
from naikkelas.registry.tests.test_import import HEADER, good_row, xlsx_bytes
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}}


def _upload(rows: int = 2) -> SimpleUploadedFile:
    return SimpleUploadedFile("umkm.xlsx", xlsx_bytes([HEADER] + [good_row(n) for n in range(1, rows + 1)]))


# Queues


@override_settings(TASKS=DATABASE_TASKS)
def test_imports_and_messages_are_queued_apart(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.import_job_create(user=personas.semarang_admin, upload=_upload())
        message = message_queue(
            recipient="sri@example.id", channel="email", template="followup_reminder", context=CONTEXT,
            dedupe_key="queues-test",
        )  # fmt: skip
    assert sorted(DBTaskResult.objects.values_list("task_path", "queue_name")) == [
        ("naikkelas.notify.services.message_deliver_task", "default"),
        ("naikkelas.registry.imports.import_check_task", "imports"),
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
