"""The WhatsApp Cloud gateway: templates with their parameters, plain text, refusals."""

from collections.abc import Iterator

import pytest

from naikkelas.notify.models import Message, WhatsAppTemplate
from naikkelas.notify.services import outbox
from naikkelas.testing.notify import opt_in
from naikkelas.testing.whatsapp import SECRET, FakeCloud, fake_cloud

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
    message = outbox.message_deliver(stored().pk)
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
    outbox.message_deliver(stored().pk)
    (sent,) = cloud.requests
    assert sent["json"]["type"] == "text" and "Sri" in sent["json"]["text"]["body"]


@pytest.mark.django_db
def test_a_refusal_is_retried_keeping_the_provider_code_then_fails(cloud: FakeCloud) -> None:
    cloud.fail_next(400, 131047, "Re-engagement message")
    cloud.fail_next(400, 131047, "Re-engagement message")
    message = outbox.message_deliver(stored().pk)
    assert message.status == Message.Status.QUEUED and message.next_attempt_at is not None
    assert "131047" in message.last_error and "Re-engagement" in message.last_error
    message = outbox.message_deliver(message.pk, now=message.next_attempt_at)
    assert message.status == Message.Status.FAILED and "WhatsApp 131047" in message.last_error
