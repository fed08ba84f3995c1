"""WhatsApp Business Platform: template messages to the Cloud API, and its signed delivery webhook."""

import json

import pytest
from django.test import Client

from naikkelas.notify.models import InboundMessage, Message
from naikkelas.notify.services import outbox
from naikkelas.notify.tests.conftest import stored
from naikkelas.notify.tests.test_gateways_whatsapp import said_yes  # noqa: F401 - reminders go to a number that said yes
from naikkelas.testing.whatsapp import FakeCloud, post_webhook, reply, sign, statuses


@pytest.mark.django_db
def test_the_webhook_refuses_anything_not_signed_with_the_app_secret(cloud: FakeCloud) -> None:
    message = outbox.message_deliver(message_id=stored().pk)
    payload = statuses((message.provider_ref, "delivered"))
    assert post_webhook(payload, secret=None).status_code == 403  # unsigned
    assert post_webhook(payload, secret="bukan-rahasianya").status_code == 403  # wrongly signed
    body = json.dumps(payload).encode()
    tampered = Client().post("/pesan/whatsapp/webhook/", body.replace(b"delivered", b"read"),
                             content_type="application/json", HTTP_X_HUB_SIGNATURE_256=sign(body))  # fmt: skip
    assert tampered.status_code == 403  # signed, then changed
    assert Message.objects.get().status == Message.Status.SENT
    assert post_webhook(payload).status_code == 200
    assert Message.objects.get().status == Message.Status.DELIVERED


@pytest.mark.django_db
def test_with_no_app_secret_set_every_call_is_refused(cloud: FakeCloud, settings) -> None:  # type: ignore[no-untyped-def]
    settings.WHATSAPP_APP_SECRET = ""
    assert post_webhook(statuses(("wamid.X", "read")), secret="").status_code == 403


@pytest.mark.django_db
def test_statuses_move_only_forward_whatever_order_and_however_often_they_come(cloud: FakeCloud) -> None:
    ref = outbox.message_deliver(message_id=stored().pk).provider_ref
    post_webhook(statuses((ref, "read"), (ref, "delivered"), (ref, "sent"), (ref, "read")))
    message = Message.objects.get()
    assert message.status == Message.Status.READ
    post_webhook(
        statuses((ref, "failed")),
    )  # a late failure after it was read changes nothing
    assert Message.objects.get().status == Message.Status.READ


@pytest.mark.django_db
def test_a_failure_before_delivery_ends_the_message_with_the_provider_code(cloud: FakeCloud) -> None:
    ref = outbox.message_deliver(message_id=stored().pk).provider_ref
    post_webhook(statuses((ref, "failed"), code=131026))
    message = Message.objects.get(channel="whatsapp")
    assert (
        message.status == Message.Status.FAILED
        and message.last_error == "WhatsApp 131026: Message undeliverable"
    )
    post_webhook(statuses((ref, "delivered")))  # failed is final
    assert Message.objects.get(channel="whatsapp").status == Message.Status.FAILED


@pytest.mark.django_db
def test_a_reply_is_kept_once_per_provider_id(cloud: FakeCloud) -> None:
    payload = reply("wamid.MASUK1", "6281234567890", "Terima kasih, Bu.")
    assert post_webhook(payload).status_code == 200 and post_webhook(payload).status_code == 200
    (kept,) = InboundMessage.objects.all()
    assert kept.body == "Terima kasih, Bu." and kept.taken_by == ""  # answers nothing: staff read it


@pytest.mark.django_db
def test_the_subscription_check_answers_only_the_right_verify_token(settings) -> None:  # type: ignore[no-untyped-def]
    settings.WHATSAPP_VERIFY_TOKEN = "cocok"
    ok = Client().get("/pesan/whatsapp/webhook/", {"hub.mode": "subscribe", "hub.verify_token": "cocok",
                                                   "hub.challenge": "12345"})  # fmt: skip
    assert ok.status_code == 200 and ok.text == "12345"
    wrong = Client().get("/pesan/whatsapp/webhook/", {"hub.mode": "subscribe", "hub.verify_token": "salah",
                                                      "hub.challenge": "12345"})  # fmt: skip
    assert wrong.status_code == 403


@pytest.mark.django_db
def test_garbage_from_a_signed_caller_is_answered_without_a_server_error(cloud: FakeCloud) -> None:
    for body in (
        b"not json",
        b"[]",
        b'{"entry": "x"}',
        b'{"entry": [{"changes": [{"value": {"statuses": [1, {"id": 5}]}}]}]}',
    ):
        answer = Client().post("/pesan/whatsapp/webhook/", body, content_type="application/json",
                               HTTP_X_HUB_SIGNATURE_256=sign(body))  # fmt: skip
        assert answer.status_code in (200, 400)
    assert not InboundMessage.objects.exists()
