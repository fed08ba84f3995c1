"""The WhatsApp Cloud gateway: templates with their parameters, plain text, refusals."""

import pytest

from naikkelas.notify.models import Message, WhatsAppTemplate
from naikkelas.notify.services import outbox
from naikkelas.notify.tests.conftest import stored
from naikkelas.testing.notify import opt_in
from naikkelas.testing.whatsapp import FakeCloud


@pytest.fixture(autouse=True)
def said_yes(db):  # type: ignore[no-untyped-def]
    """Reminders go only to those who said yes on the channel (test_consent.py); this number did."""
    opt_in("+6281234567890")


@pytest.mark.django_db
def test_an_approved_template_goes_out_with_its_parameters_in_order(cloud: FakeCloud) -> None:
    WhatsAppTemplate.objects.create(key="followup_reminder", language="id", name="pengingat_tindak_lanjut",
                                    provider_language="id", parameters=["name", "months", "url"])  # fmt: skip
    message = outbox.message_deliver(message_id=stored().pk)
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
    outbox.message_deliver(message_id=stored().pk)
    (sent,) = cloud.requests
    assert sent["json"]["type"] == "text" and "Sri" in sent["json"]["text"]["body"]


@pytest.mark.django_db
def test_a_refusal_is_retried_keeping_the_provider_code_then_fails(cloud: FakeCloud) -> None:
    cloud.fail_next(400, 131047, "Re-engagement message")
    cloud.fail_next(400, 131047, "Re-engagement message")
    message = outbox.message_deliver(message_id=stored().pk)
    assert message.status == Message.Status.QUEUED and message.next_attempt_at is not None
    assert "131047" in message.last_error and "Re-engagement" in message.last_error
    message = outbox.message_deliver(message_id=message.pk, now=message.next_attempt_at)
    assert message.status == Message.Status.FAILED and "WhatsApp 131047" in message.last_error
