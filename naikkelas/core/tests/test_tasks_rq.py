"""The background tasks on the RQ backend (TASKS_BACKEND=rq) against a real Redis: queued by the same
code as on the database backend, run by an RQ worker, on their own queues. Marked `rq`; skipped,
saying why, unless TEST_RQ_REDIS_URL names a Redis to use (`.ci/run` gives the machine's, database 15)."""

import os

import pytest
from django.test import Client, override_settings

from naikkelas.settings import TASK_QUEUES, TASKS_BACKENDS

REDIS_URL = os.environ.get("TEST_RQ_REDIS_URL", "")
RQ_SETTINGS = {
    "TASKS": {"default": {"BACKEND": TASKS_BACKENDS["rq"], "QUEUES": TASK_QUEUES}},
    "RQ_QUEUES": {name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600} for name in TASK_QUEUES},
}

pytestmark = [
    pytest.mark.rq,
    pytest.mark.skipif(not REDIS_URL, reason="no Redis configured for the RQ tests (TEST_RQ_REDIS_URL)"),
    pytest.mark.django_db(transaction=True, databases="__all__"),  # the replica too, when there is one
]


@pytest.fixture
def rq_backend():  # type: ignore[no-untyped-def]
    """The RQ backend on the test Redis, its queues empty before and after."""
    import django_rq

    with override_settings(**RQ_SETTINGS):  # django.tasks forgets its backends when TASKS changes
        for name in TASK_QUEUES:
            django_rq.get_queue(name).empty()
        yield django_rq
        for name in TASK_QUEUES:
            django_rq.get_queue(name).empty()


def work(django_rq, *queues: str) -> int:  # type: ignore[no-untyped-def]
    """Run what is queued on these queues, in this process, as `naikkelas rqworker --burst` would;
    returns how many jobs finished well."""
    from django_tasks_rq import Job
    from rq import SimpleWorker

    finished = [django_rq.get_queue(name).finished_job_registry for name in queues]
    before = sum(registry.count for registry in finished)
    worker = SimpleWorker(
        [django_rq.get_queue(name) for name in queues], connection=django_rq.get_connection(queues[0]),
        job_class=Job,
    )  # fmt: skip
    worker.work(burst=True)
    return sum(registry.count for registry in finished) - before


def test_the_impact_estimate_is_queued_in_redis_and_computed_by_an_rq_worker(
    rq_backend, personas, settings
) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.accounts.services.tokens import api_token_create
    from naikkelas.outcomes.models import ImpactEstimate

    settings.OUTCOMES_BOOTSTRAP_REPLICATES = 50
    api = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.province_admin)}"})
    waiting = api.get("/api/v1/reports/impact?year=2021").json()
    assert waiting["estimate"]["state"] == "computing" and waiting["evidence"] is None
    assert rq_backend.get_queue("default").count == 1  # in Redis, not in the database
    assert work(rq_backend, "default") == 1
    row = ImpactEstimate.objects.get()
    assert row.key and row.result is not None and row.progress == 100
    done = api.get("/api/v1/reports/impact?year=2021").json()
    assert done["estimate"]["state"] == "fresh" and done["evidence"]["grade"] == "–"  # nobody in it yet
    assert rq_backend.get_queue("default").count == 0


def test_a_task_result_is_read_back_from_redis(rq_backend, personas) -> None:  # type: ignore[no-untyped-def]
    from django.core import mail
    from django.tasks import TaskResultStatus

    from naikkelas.accounts.services.security import password_reset_mail_task

    personas.semarang_admin.email = "semarang@example.org"
    personas.semarang_admin.save(update_fields=["email"])
    result = password_reset_mail_task.enqueue("semarang@example.org", "naikkelas.example", True, "id")
    assert result.status == TaskResultStatus.READY and not mail.outbox
    assert work(rq_backend, "default") == 1
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert [m.to for m in mail.outbox] == [["semarang@example.org"]]


def test_imports_wait_on_their_own_queue(rq_backend, personas) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.registry.services.imports import import_check_task

    result = import_check_task.enqueue(0)
    assert result.task.queue_name == "imports"
    assert rq_backend.get_queue("imports").count == 1 and rq_backend.get_queue("default").count == 0
    assert work(rq_backend, "default") == 0  # a default worker leaves it alone
    assert rq_backend.get_queue("imports").count == 1
