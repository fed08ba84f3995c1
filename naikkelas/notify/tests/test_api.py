"""The hand-send queue through the API."""

import pytest
from django.test import Client

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.notify.models import Message
from naikkelas.notify.tests.services.test_outbox import waiting
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db


def test_the_api_lists_and_marks_with_the_pages_rules(personas: Personas) -> None:
    mine = waiting(2)
    kudus = waiting(1, regency="33.19")
    admin = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.semarang_admin)}"})
    listed = admin.get("/api/v1/messages/hand-queue").json()
    assert [row["id"] for row in listed["items"]] == [m.pk for m in mine]
    assert listed["items"][0]["link"].startswith("https://wa.me/62812000")
    marked = admin.post(
        "/api/v1/messages/mark-sent",
        {"ids": [m.pk for m in mine] + [kudus[0].pk]},
        content_type="application/json",
    )
    assert marked.status_code == 200 and marked.json() == {"marked": 2}
    viewer = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.viewer)}"})
    assert (
        viewer.post(
            "/api/v1/messages/mark-sent", {"ids": [kudus[0].pk]}, content_type="application/json"
        ).status_code
        == 403
    )
    participant = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.participant)}"})
    assert participant.get("/api/v1/messages/hand-queue").status_code == 403


def test_the_api_reads_the_wordings_once_whatever_the_number_of_messages(personas: Personas) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.semarang_admin)}"})
    waiting(1)
    admin.get("/api/v1/messages/hand-queue")  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as one:
        assert len(admin.get("/api/v1/messages/hand-queue").json()["items"]) == 1
    Message.objects.all().delete()
    waiting(7)
    with CaptureQueriesContext(connection) as seven:
        assert len(admin.get("/api/v1/messages/hand-queue").json()["items"]) == 7
    assert len(seven.captured_queries) == len(one.captured_queries)
