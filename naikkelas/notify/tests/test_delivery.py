from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from naikkelas.notify import services
from naikkelas.notify.consent import choice_of
from naikkelas.notify.gateways import FakeGateway
from naikkelas.notify.models import Message, MessageTemplate
from naikkelas.testing.notify import opt_in

CONTEXT = {
    "name": "Sri",
    "enterprise": "Bandeng Presto",
    "months": 3,
    "due": "2021-08-21",
    "url": "https://x/t/",
}


@pytest.fixture(autouse=True)
def fake_gateway():  # type: ignore[no-untyped-def]
    FakeGateway.reset()
    yield FakeGateway
    FakeGateway.reset()


@pytest.fixture(autouse=True)
def said_yes(db):  # type: ignore[no-untyped-def]
    """Reminders go only to those who said yes on the channel (test_consent.py); Sri did, everywhere."""
    opt_in("+6281234567890", "sri@example.id")


def queue(key: str = "test:1", channel: str = "whatsapp", recipient: str = "+6281234567890") -> Message:
    return services.message_queue(
        recipient=recipient, channel=channel, template="followup_reminder", context=CONTEXT, dedupe_key=key
    )


def stored(channel: str = "whatsapp") -> Message:
    """A queued message written directly, so the test decides when delivery runs."""
    return Message.objects.create(
        recipient="+6281234567890",
        channel=channel,
        template="followup_reminder",
        context=CONTEXT,
        dedupe_key="k",
    )


@pytest.mark.django_db(transaction=True)
def test_a_queued_whatsapp_message_goes_through_its_gateway_once() -> None:
    message = queue()
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.attempts == 1
    assert len(FakeGateway.delivered) == 1
    assert "Bandeng Presto" in FakeGateway.delivered[0].body
    assert "https://x/t/" in FakeGateway.delivered[0].body
    # queuing the same thing again sends nothing
    assert queue().pk == message.pk
    assert len(FakeGateway.delivered) == 1


@pytest.mark.django_db
def test_a_retried_task_never_sends_twice() -> None:
    message = stored()
    services.message_deliver(message.pk)
    services.message_deliver(message.pk)  # the worker runs the task again
    services.messages_deliver_due()  # and the sweep passes by
    message.refresh_from_db()
    assert len(FakeGateway.delivered) == 1
    assert message.attempts == 1 and message.status == Message.Status.SENT


@pytest.mark.django_db
@override_settings(NOTIFY_MAX_ATTEMPTS=3, NOTIFY_RETRY_BASE_SECONDS=60)
def test_a_failing_gateway_is_retried_with_backoff_then_marked_failed_with_its_error() -> None:
    FakeGateway.reset(failures=5, failure_message="503 dari penyedia WhatsApp")
    message = stored()
    start = timezone.now()
    services.message_deliver(message.pk, now=start)
    message.refresh_from_db()
    assert message.status == Message.Status.QUEUED and message.attempts == 1
    assert message.next_attempt_at == start + timedelta(seconds=60)
    services.message_deliver(message.pk, now=start + timedelta(seconds=30))  # too early: nothing happens
    message.refresh_from_db()
    assert message.attempts == 1
    assert services.messages_deliver_due(now=start + timedelta(seconds=61)) == 0
    message.refresh_from_db()
    assert message.attempts == 2 and message.next_attempt_at == start + timedelta(seconds=61 + 120)
    services.messages_deliver_due(now=start + timedelta(seconds=200))
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED and message.attempts == 3
    assert "503 dari penyedia WhatsApp" in message.last_error
    assert FakeGateway.delivered == []


@pytest.mark.django_db
def test_a_gateway_that_recovers_delivers_on_the_retry() -> None:
    FakeGateway.reset(failures=1)
    message = stored(channel="sms")
    start = timezone.now()
    services.message_deliver(message.pk, now=start)
    services.messages_deliver_due(now=start + timedelta(hours=1))
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.attempts == 2
    assert len(FakeGateway.delivered) == 1


@pytest.mark.django_db(transaction=True)
def test_opted_out_recipients_are_skipped() -> None:
    token = services.opt_out_token("+6281234567890", "whatsapp")
    client = Client()
    page = client.get(f"/pesan/berhenti/{token}/")
    assert page.status_code == 200 and "+62 812" not in page.text  # the number is not shown in full
    assert client.post(f"/pesan/berhenti/{token}/").status_code == 200
    assert choice_of("+6281234567890", "whatsapp") is False
    message = queue()
    message.refresh_from_db()
    assert message.status == Message.Status.SKIPPED and FakeGateway.delivered == []
    assert Client().get("/pesan/berhenti/forged-token/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_an_admins_template_replaces_the_file_template_in_its_language() -> None:
    MessageTemplate.objects.create(
        key="followup_reminder", language="id", body="Laporan usaha\nYth. {{ name }}, isi di {{ url }}"
    )
    queue(channel="email", recipient="sri@example.id")
    assert mail.outbox[-1].subject == "Laporan usaha"
    assert mail.outbox[-1].body == "Yth. Sri, isi di https://x/t/"
    services.message_queue(
        recipient="sri@example.id", channel="email", template="followup_reminder", context=CONTEXT,
        dedupe_key="en", language="en",
    )  # fmt: skip
    assert mail.outbox[-1].subject == "Naik Kelas business figures report"


@pytest.mark.django_db
@override_settings(NOTIFY_GATEWAYS={"whatsapp": "naikkelas.notify.gateways.ManualGateway"})
def test_without_a_gateway_whatsapp_waits_for_staff_with_a_click_to_chat_link() -> None:
    message = stored()
    services.message_deliver(message.pk)
    message.refresh_from_db()
    assert message.status == Message.Status.MANUAL and message.attempts == 0
    link = services.click_to_chat_url(message)
    assert link.startswith("https://wa.me/6281234567890?text=") and "Bandeng%20Presto" in link
