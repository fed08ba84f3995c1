"""WhatsApp Business Platform: template messages to the Cloud API, and its signed delivery webhook."""

import json
from collections.abc import Iterator

import pytest
from django.test import Client

from naikkelas.notify import services
from naikkelas.notify.models import InboundMessage, Message, WhatsAppTemplate
from naikkelas.testing.notify import opt_in
from naikkelas.testing.whatsapp import SECRET, FakeCloud, fake_cloud, post_webhook, reply, sign, statuses

CONTEXT = {
    "name": "Sri",
    "enterprise": "Bandeng Presto",
    "months": 3,
    "due": "2021-08-21",
    "url": "https://x/t/",
}


@pytest.fixture(autouse=True)
def said_yes(db):  # type: ignore[no-untyped-def]
    """Reminders go only to those who said yes on the channel (test_consent.py); this number did."""
    opt_in("+6281234567890")


@pytest.fixture
def cloud(settings) -> Iterator[FakeCloud]:  # type: ignore[no-untyped-def]
    with fake_cloud() as fake:
        settings.NOTIFY_GATEWAYS = {**settings.NOTIFY_GATEWAYS,
                                    "whatsapp": "naikkelas.notify.gateways.WhatsAppCloudGateway"}  # fmt: skip
        settings.WHATSAPP_BASE_URL = fake.url
        settings.WHATSAPP_PHONE_NUMBER_ID = "109876"
        settings.WHATSAPP_TOKEN = "token-uji"
        settings.WHATSAPP_APP_SECRET = SECRET
        settings.NOTIFY_MAX_ATTEMPTS = 2
        yield fake


def stored(key: str = "followup:1:due") -> Message:
    return Message.objects.create(recipient="+6281234567890", channel="whatsapp", template="followup_reminder",
                                  context=CONTEXT, dedupe_key=key)  # fmt: skip


@pytest.mark.django_db
def test_an_approved_template_goes_out_with_its_parameters_in_order(cloud: FakeCloud) -> None:
    WhatsAppTemplate.objects.create(key="followup_reminder", language="id", name="pengingat_tindak_lanjut",
                                    provider_language="id", parameters=["name", "months", "url"])  # fmt: skip
    message = services.message_deliver(stored().pk)
    assert message.status == Message.Status.SENT and message.provider_ref == "wamid.UJI1"
    (sent,) = cloud.requests
    assert sent["path"] == "/v21.0/109876/messages"
    assert sent["headers"]["Authorization"] == "Bearer token-uji"
    assert sent["json"]["to"] == "6281234567890" and sent["json"]["type"] == "template"
    template = sent["json"]["template"]
    assert template["name"] == "pengingat_tindak_lanjut" and template["language"] == {"code": "id"}
    assert [p["text"] for p in template["components"][0]["parameters"]] == ["Sri", "3", "https://x/t/"]


@pytest.mark.django_db
def test_without_a_template_the_message_goes_as_its_text(cloud: FakeCloud) -> None:
    services.message_deliver(stored().pk)
    (sent,) = cloud.requests
    assert sent["json"]["type"] == "text" and "Sri" in sent["json"]["text"]["body"]


@pytest.mark.django_db
def test_a_refusal_is_retried_keeping_the_provider_code_then_fails(cloud: FakeCloud) -> None:
    cloud.fail_next(400, 131047, "Re-engagement message")
    cloud.fail_next(400, 131047, "Re-engagement message")
    message = services.message_deliver(stored().pk)
    assert message.status == Message.Status.QUEUED and message.next_attempt_at is not None
    assert "131047" in message.last_error and "Re-engagement" in message.last_error
    message = services.message_deliver(message.pk, now=message.next_attempt_at)
    assert message.status == Message.Status.FAILED and "WhatsApp 131047" in message.last_error


@pytest.mark.django_db
def test_the_webhook_refuses_anything_not_signed_with_the_app_secret(cloud: FakeCloud) -> None:
    message = services.message_deliver(stored().pk)
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
    ref = services.message_deliver(stored().pk).provider_ref
    post_webhook(statuses((ref, "read"), (ref, "delivered"), (ref, "sent"), (ref, "read")))
    message = Message.objects.get()
    assert message.status == Message.Status.READ
    post_webhook(
        statuses((ref, "failed")),
    )  # a late failure after it was read changes nothing
    assert Message.objects.get().status == Message.Status.READ


@pytest.mark.django_db
def test_a_failure_before_delivery_ends_the_message_with_the_provider_code(cloud: FakeCloud) -> None:
    ref = services.message_deliver(stored().pk).provider_ref
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
