"""The training API: attendance (and a locked day's correction), assignments and grades, certificates."""

from typing import Any

import pytest
from django.test import Client

from naikkelas.testing.factories import Personas
from naikkelas.training.services import attendance
from naikkelas.training.tests.conftest import DAY1, _issue_certificates, participant

pytestmark = pytest.mark.django_db


def test_assignments_submissions_and_grades_through_the_api(with_tasks, personas) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.accounts.services.tokens import api_token_create

    the_batch, trainer, other_trainer = with_tasks
    hpp = the_batch.assignments.get(title="HPP dan harga jual")
    owner = Client(headers={"Authorization": f"Bearer {api_token_create(user=participant(the_batch))}"})
    assert owner.get("/api/v1/assignments", {"batch": str(the_batch.pk)}).json()["count"] == 6
    saved = owner.post(
        f"/api/v1/assignments/{hpp.pk}/submission", {"text": "HPP", "figures": {"cost_per_unit": "12500", "selling_price": "20000"}},
        content_type="application/json",
    )  # fmt: skip
    assert saved.status_code == 200 and saved.json()["figures"] == {
        "cost_per_unit": 12500,
        "selling_price": 20000,
    }
    submission_id = saved.json()["id"]
    second = Client(headers={"Authorization": f"Bearer {api_token_create(user=participant(the_batch, 1))}"})
    assert second.get("/api/v1/submissions").json()["count"] == 0
    grader = Client(headers={"Authorization": f"Bearer {api_token_create(user=trainer)}"})
    graded = grader.post(
        f"/api/v1/submissions/{submission_id}/grade",
        {"status": "pass", "score": 88},
        content_type="application/json",
    )
    assert graded.json()["status"] == "pass"
    outsider = Client(headers={"Authorization": f"Bearer {api_token_create(user=other_trainer)}"})
    assert (
        outsider.post(
            f"/api/v1/submissions/{submission_id}/grade", {"status": "fail"}, content_type="application/json"
        ).status_code
        == 404
    )
    preview = grader.get(f"/api/v1/batches/{the_batch.pk}/graduation").json()
    assert len(preview) == 3 and preview[0]["criteria"][0]["rule"] == "attendance"
    assert (
        grader.post(f"/api/v1/batches/{the_batch.pk}/graduation").status_code == 403
    )  # trainers mark, admins confirm
    admin = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.semarang_admin)}"})
    assert admin.post(f"/api/v1/batches/{the_batch.pk}/graduation").json() == {"marked": 0}


def test_attendance_through_the_api(running, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.accounts.services.tokens import api_token_create

    the_batch, trainer, other_trainer = running
    client = Client(headers={"Authorization": f"Bearer {api_token_create(user=trainer)}"})
    marked = client.post(
        f"/api/v1/batches/{the_batch.pk}/attendance/all-present",
        {"date": "2021-05-10"},
        content_type="application/json",
    )
    assert marked.json() == {"marked": 3}
    enrolment = the_batch.enrolments.first()
    absent = client.post(
        "/api/v1/attendance", {"enrolment": enrolment.pk, "date": "2021-05-10", "present": False},
        content_type="application/json",
    )  # fmt: skip
    assert absent.status_code == 200 and absent.json()["present"] is False
    listed = client.get("/api/v1/attendance", {"batch": str(the_batch.pk), "date": "2021-05-10"}).json()
    assert listed["count"] == 3
    outsider = Client(headers={"Authorization": f"Bearer {api_token_create(user=other_trainer)}"})
    assert outsider.post(
        "/api/v1/attendance", {"enrolment": enrolment.pk, "date": "2021-05-10", "present": True},
        content_type="application/json",
    ).status_code == 404  # fmt: skip
    viewer = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.viewer)}"})
    assert (
        viewer.post(
            f"/api/v1/batches/{the_batch.pk}/attendance/all-present",
            {"date": "2021-05-11"},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_the_api_corrects_a_locked_day_only_with_a_reason(running) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.accounts.services.tokens import api_token_create

    the_batch, trainer, _other = running
    attendance.attendance_all_present(actor=trainer, batch=the_batch, day=DAY1)
    _issue_certificates(the_batch)
    enrolment = the_batch.enrolments.order_by("id").first()
    client = Client(headers={"Authorization": f"Bearer {api_token_create(user=trainer)}"})
    payload = {"enrolment": enrolment.pk, "date": "2021-05-10", "present": False}
    refused = client.post("/api/v1/attendance", payload, content_type="application/json")
    assert refused.status_code == 422 and "alasan koreksi" in refused.content.decode()
    fixed = client.post(
        "/api/v1/attendance", {**payload, "reason": "Salah tandai"}, content_type="application/json"
    )
    assert fixed.status_code == 200 and fixed.json()["present"] is False


def test_the_api_issues_in_the_background_and_reports_progress(
    running: Any,
    personas: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from naikkelas.accounts.services.tokens import api_token_create

    the_batch, trainer, _other = running
    admin = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.semarang_admin)}"})
    refused = admin.post(f"/api/v1/batches/{the_batch.pk}/certificates/issue")
    assert refused.status_code == 422 and "Belum ada lulusan" in refused.content.decode()
    the_batch.enrolments.update(graduated=True)
    with django_capture_on_commit_callbacks(execute=True):
        queued = admin.post(f"/api/v1/batches/{the_batch.pk}/certificates/issue")
    assert queued.status_code == 202
    assert admin.get(f"/api/v1/batches/{the_batch.pk}/certificates/progress").json() == {
        "issued": 3,
        "graduates": 3,
        "done": True,
    }
    as_trainer = Client(headers={"Authorization": f"Bearer {api_token_create(user=trainer)}"})
    assert as_trainer.post(f"/api/v1/batches/{the_batch.pk}/certificates/issue").status_code == 403
