"""An Indonesian WhatsApp provider (Qontak's shape) and SMS (Zenziva's shape), the fallback for reminders
WhatsApp could not deliver."""

from collections.abc import Iterator

import pytest

from naikkelas.notify.models import Message, WhatsAppTemplate
from naikkelas.notify.services import outbox
from naikkelas.testing.notify import opt_in
from naikkelas.testing.whatsapp import SECRET, FakeCloud, fake_cloud, post_webhook, statuses

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
def provider(settings) -> Iterator[FakeCloud]:  # type: ignore[no-untyped-def]
    with fake_cloud() as fake:
        settings.QONTAK_BASE_URL = fake.url
        settings.QONTAK_TOKEN = "qontak-uji"
        settings.QONTAK_CHANNEL_ID = "kanal-1"
        settings.ZENZIVA_URL = fake.url + "/sendsms/"
        settings.ZENZIVA_USERKEY = "kunci"
        settings.ZENZIVA_PASSKEY = "sandi"
        settings.NOTIFY_MAX_ATTEMPTS = 1
        yield fake


def stored(template: str = "followup_reminder") -> Message:
    return Message.objects.create(recipient="+6281234567890", channel="whatsapp", template=template,
                                  context=CONTEXT, dedupe_key=f"{template}:1")  # fmt: skip


@pytest.mark.django_db
def test_qontak_sends_the_approved_template_by_its_id_with_numbered_values(
    provider: FakeCloud, settings
) -> None:  # type: ignore[no-untyped-def]
    provider.shape = "qontak"
    settings.NOTIFY_GATEWAYS = {
        **settings.NOTIFY_GATEWAYS,
        "whatsapp": "naikkelas.notify.gateways.QontakGateway",
    }
    WhatsAppTemplate.objects.create(
        key="followup_reminder", language="id", name="tpl-7f3a", parameters=["name", "url"]
    )
    message = outbox.message_deliver(message_id=stored().pk)
    assert message.status == Message.Status.SENT and message.provider_ref == "qontak-1"
    (sent,) = provider.requests
    assert (
        sent["path"].endswith("/broadcasts/whatsapp/direct")
        and sent["headers"]["Authorization"] == "Bearer qontak-uji"
    )
    body = sent["json"]
    assert body["to_number"] == "6281234567890" and body["message_template_id"] == "tpl-7f3a"
    assert body["channel_integration_id"] == "kanal-1"
    assert [(p["key"], p["value_text"]) for p in body["parameters"]["body"]] == [
        ("1", "Sri"),
        ("2", "https://x/t/"),
    ]


@pytest.mark.django_db
def test_qontak_refuses_a_message_type_without_a_template_rather_than_send_it_otherwise(
    provider: FakeCloud, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.NOTIFY_GATEWAYS = {
        **settings.NOTIFY_GATEWAYS,
        "whatsapp": "naikkelas.notify.gateways.QontakGateway",
    }
    message = outbox.message_deliver(message_id=stored("selection_result").pk)
    assert message.status == Message.Status.FAILED and "belum punya templat" in message.last_error
    assert provider.requests == []


@pytest.mark.django_db
def test_a_reminder_whatsapp_could_not_deliver_goes_again_by_sms_once(provider: FakeCloud, settings) -> None:  # type: ignore[no-untyped-def]
    settings.NOTIFY_GATEWAYS = {
        "email": "naikkelas.notify.gateways.EmailGateway",
        "whatsapp": "naikkelas.notify.gateways.WhatsAppCloudGateway",
        "sms": "naikkelas.notify.gateways.ZenzivaSmsGateway",
    }
    settings.WHATSAPP_BASE_URL, settings.WHATSAPP_PHONE_NUMBER_ID, settings.WHATSAPP_APP_SECRET = (
        provider.url,
        "1",
        SECRET,
    )
    ref = outbox.message_deliver(message_id=stored().pk).provider_ref
    post_webhook(statuses((ref, "failed"), code=131026))
    post_webhook(statuses((ref, "failed"), code=131026))  # the provider repeats itself
    sms = Message.objects.get(channel="sms")
    assert sms.dedupe_key == "followup_reminder:1:sms" and sms.recipient == "+6281234567890"
    provider.shape = "zenziva"
    sent = outbox.message_deliver(message_id=sms.pk)
    assert sent.status == Message.Status.SENT and sent.provider_ref.startswith("zz-")
    form = provider.requests[-1]["json"]
    assert form["userkey"] == "kunci" and form["to"] == "6281234567890" and "Sri" in form["message"]


@pytest.mark.django_db
def test_no_sms_copy_of_results_or_when_sms_waits_for_staff(provider: FakeCloud, settings) -> None:  # type: ignore[no-untyped-def]
    settings.NOTIFY_GATEWAYS = {**settings.NOTIFY_GATEWAYS, "whatsapp": "naikkelas.notify.gateways.QontakGateway",
                                "sms": "naikkelas.notify.gateways.ZenzivaSmsGateway"}  # fmt: skip
    outbox.message_deliver(message_id=stored("selection_result").pk)  # fails: not a reminder
    assert not Message.objects.filter(channel="sms").exists()
    settings.NOTIFY_GATEWAYS = {**settings.NOTIFY_GATEWAYS, "sms": "naikkelas.notify.gateways.ManualGateway"}
    outbox.message_deliver(message_id=stored().pk)  # a reminder, but SMS would only join the hand-send queue
    assert not Message.objects.filter(channel="sms").exists()


@pytest.mark.django_db
def test_zenziva_s_refusal_is_an_error_with_its_text(provider: FakeCloud, settings) -> None:  # type: ignore[no-untyped-def]
    settings.NOTIFY_GATEWAYS = {
        **settings.NOTIFY_GATEWAYS,
        "sms": "naikkelas.notify.gateways.ZenzivaSmsGateway",
    }
    provider.errors.append((200, {"status": "0", "text": "Saldo tidak cukup"}))
    message = Message.objects.create(recipient="+6281234567890", channel="sms", template="followup_reminder",
                                     context=CONTEXT, dedupe_key="sms:1")  # fmt: skip
    assert (
        outbox.message_deliver(message_id=message.pk).last_error == "GatewayError: Zenziva: Saldo tidak cukup"
    )
