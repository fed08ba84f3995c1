"""The hand-send queue: an admin marks many WhatsApp messages sent at once, on the page and in the API."""

import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.accounts.services import api_token_create
from naikkelas.core.models import AuditEvent
from naikkelas.notify import services
from naikkelas.notify.models import Message
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db


def waiting(n: int, regency: str = "33.74") -> list[Message]:
    return [
        Message.objects.create(
            recipient=f"+62812000{regency[-2:]}{i:03d}",
            channel="whatsapp",
            template="followup_reminder",
            context={"name": "Sri"},
            dedupe_key=f"hand:{regency}:{i}",
            regency_code=regency,
            province_code=regency[:2],
            status=Message.Status.MANUAL,
        )
        for i in range(n)
    ]


def test_the_service_marks_only_waiting_messages_and_audits_each() -> None:
    first, second, third = waiting(3)
    Message.objects.filter(pk=third.pk).update(status=Message.Status.FAILED)
    marked = services.messages_mark_sent(actor=None, messages=Message.objects.all())
    assert marked == 2
    assert set(Message.objects.filter(status=Message.Status.SENT).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert AuditEvent.objects.filter(object_type="notify.message").count() == 2
    with pytest.raises(services.ValidationError, match="Pilih pesan yang menunggu dikirim petugas"):
        services.messages_mark_sent(actor=None, messages=Message.objects.all())


def test_an_admin_marks_the_ticked_or_the_whole_page_at_once(personas: Personas) -> None:
    mine = waiting(4)
    kudus = waiting(1, regency="33.19")
    client = Client()
    client.force_login(personas.semarang_admin)
    page = client.get(reverse("notify:hand_queue")).content.decode()
    assert page.count('name="ids"') == 4 and "Tandai 4 pesan di halaman ini terkirim" in page
    url = reverse("notify:mark_sent_many")
    ticked = client.post(
        url, {"action": "checked", "ids": [mine[0].pk, mine[1].pk, kudus[0].pk]}, follow=True
    )
    assert "2 pesan ditandai terkirim." in ticked.content.decode()
    kudus[0].refresh_from_db()
    assert kudus[0].status == Message.Status.MANUAL  # another regency's message is not hers to mark
    client.post(url, {"action": "page", "page_ids": [m.pk for m in mine]})
    assert not Message.objects.filter(regency_code="33.74", status=Message.Status.MANUAL).exists()
    nothing = client.post(url, {"action": "checked"}, follow=True)
    assert "Pilih pesan yang menunggu dikirim petugas." in nothing.content.decode()


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
