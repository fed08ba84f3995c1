from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from naikkelas.core.models import AuditEvent
from naikkelas.notify.gateways import FakeGateway
from naikkelas.notify.models import Message, MessageTemplate
from naikkelas.notify.services import outbox
from naikkelas.notify.services.outbox import Contact, channel_for, notify_person
from naikkelas.notify.tests.conftest import CONTEXT, queue, waiting
from naikkelas.testing.notify import opt_in, opt_out


@pytest.fixture(autouse=True)
def said_yes(db):  # type: ignore[no-untyped-def]
    """Reminders go only to those who said yes on the channel (test_consent.py); Sri did, everywhere."""
    opt_in("+6281234567890", "sri@example.id")


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
    outbox.message_deliver(message_id=message.pk)
    outbox.message_deliver(message_id=message.pk)  # the worker runs the task again
    outbox.messages_deliver_due()  # and the sweep passes by
    message.refresh_from_db()
    assert len(FakeGateway.delivered) == 1
    assert message.attempts == 1 and message.status == Message.Status.SENT


@pytest.mark.django_db
@override_settings(NOTIFY_MAX_ATTEMPTS=3, NOTIFY_RETRY_BASE_SECONDS=60)
def test_a_failing_gateway_is_retried_with_backoff_then_marked_failed_with_its_error() -> None:
    FakeGateway.reset(failures=5, failure_message="503 dari penyedia WhatsApp")
    message = stored()
    start = timezone.now()
    outbox.message_deliver(message_id=message.pk, now=start)
    message.refresh_from_db()
    assert message.status == Message.Status.QUEUED and message.attempts == 1
    assert message.next_attempt_at == start + timedelta(seconds=60)
    outbox.message_deliver(
        message_id=message.pk, now=start + timedelta(seconds=30)
    )  # too early: nothing happens
    message.refresh_from_db()
    assert message.attempts == 1
    assert outbox.messages_deliver_due(now=start + timedelta(seconds=61)) == 0
    message.refresh_from_db()
    assert message.attempts == 2 and message.next_attempt_at == start + timedelta(seconds=61 + 120)
    outbox.messages_deliver_due(now=start + timedelta(seconds=200))
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED and message.attempts == 3
    assert "503 dari penyedia WhatsApp" in message.last_error
    assert FakeGateway.delivered == []


@pytest.mark.django_db
def test_a_gateway_that_recovers_delivers_on_the_retry() -> None:
    FakeGateway.reset(failures=1)
    message = stored(channel="sms")
    start = timezone.now()
    outbox.message_deliver(message_id=message.pk, now=start)
    outbox.messages_deliver_due(now=start + timedelta(hours=1))
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.attempts == 2
    assert len(FakeGateway.delivered) == 1


@pytest.mark.django_db(transaction=True)
def test_an_admins_template_replaces_the_file_template_in_its_language() -> None:
    MessageTemplate.objects.create(
        key="followup_reminder", language="id", body="Laporan usaha\nYth. {{ name }}, isi di {{ url }}"
    )
    queue(channel="email", recipient="sri@example.id")
    assert mail.outbox[-1].subject == "Laporan usaha"
    assert mail.outbox[-1].body == "Yth. Sri, isi di https://x/t/"
    outbox.message_queue(
        recipient="sri@example.id", channel="email", template="followup_reminder", context=CONTEXT,
        dedupe_key="en", language="en",
    )  # fmt: skip
    assert mail.outbox[-1].subject == "Naik Kelas business figures report"


@pytest.mark.django_db
@override_settings(NOTIFY_GATEWAYS={"whatsapp": "naikkelas.notify.gateways.ManualGateway"})
def test_without_a_gateway_whatsapp_waits_for_staff_with_a_click_to_chat_link() -> None:
    message = stored()
    outbox.message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == Message.Status.MANUAL and message.attempts == 0
    link = outbox.click_to_chat_url(message)
    assert link.startswith("https://wa.me/6281234567890?text=") and "Bandeng%20Presto" in link


pytestmark = pytest.mark.django_db


def test_the_service_marks_only_waiting_messages_and_audits_each() -> None:
    first, second, third = waiting(3)
    Message.objects.filter(pk=third.pk).update(status=Message.Status.FAILED)
    marked = outbox.messages_mark_sent(actor=None, messages=Message.objects.all())
    assert marked == 2
    assert set(Message.objects.filter(status=Message.Status.SENT).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert AuditEvent.objects.filter(object_type="notify.message").count() == 2
    with pytest.raises(outbox.ValidationError, match="Pilih pesan yang menunggu dikirim petugas"):
        outbox.messages_mark_sent(actor=None, messages=Message.objects.all())


MANUAL = {
    "email": "naikkelas.notify.gateways.EmailGateway",
    "whatsapp": "naikkelas.notify.gateways.ManualGateway",
    "sms": "naikkelas.notify.gateways.ManualGateway",
}
SRI = Contact(phone="+628123", email="a@b.id")


@pytest.mark.django_db
def test_whatsapp_first_when_a_gateway_sends_it() -> None:
    opt_in("+628123", "a@b.id")
    assert channel_for(SRI, template="followup_reminder") == ("whatsapp", "+628123")


@pytest.mark.django_db
@override_settings(NOTIFY_GATEWAYS=MANUAL)
def test_email_first_when_whatsapp_waits_for_staff_to_send_it_by_hand() -> None:
    opt_in("+628123", "a@b.id")
    assert channel_for(SRI, template="followup_reminder") == ("email", "a@b.id")
    assert channel_for(Contact(phone="+628123"), template="followup_reminder") == ("whatsapp", "+628123")


@pytest.mark.django_db
def test_no_contact_no_message() -> None:
    assert channel_for(Contact(), template="application_code") == ("", "")


@pytest.mark.django_db
def test_a_reminder_goes_only_on_a_channel_she_said_yes_to() -> None:
    assert channel_for(SRI, template="followup_reminder") == ("", "")  # never asked: nothing
    opt_in("a@b.id")
    assert channel_for(SRI, template="followup_reminder") == ("email", "a@b.id")
    opt_in("+628123", channels=("sms",))
    # WhatsApp is still unasked; email comes before SMS
    assert channel_for(SRI, template="selection_result") == ("email", "a@b.id")
    opt_out("a@b.id")
    assert channel_for(SRI, template="selection_result") == ("sms", "+628123")


@pytest.mark.django_db
def test_an_answer_goes_unless_she_said_no_and_a_code_she_asked_for_goes_anyway() -> None:
    assert channel_for(SRI, template="application_received") == ("whatsapp", "+628123")
    opt_out("+628123", "a@b.id")
    assert channel_for(SRI, template="application_received") == ("", "")
    assert channel_for(SRI, template="sign_in_code") == ("whatsapp", "+628123")


@pytest.mark.django_db
def test_a_message_type_goes_only_on_its_channels() -> None:
    opt_in("+628123", "a@b.id")
    # the staff's consultation notices are emails; a consultation answer never goes by SMS
    assert channel_for(SRI, template="consultation_opened") == ("email", "a@b.id")
    assert channel_for(Contact(phone="+628123"), template="consultation_opened") == ("", "")
    opt_out("+628123", channels=("whatsapp",))
    assert channel_for(Contact(phone="+628123"), template="consultation_answered") == ("", "")


@pytest.mark.django_db
def test_notify_person_queues_one_message_on_the_chosen_channel() -> None:
    message = notify_person(
        person=SRI,
        template="application_received",
        context={"name": "Sri"},
        dedupe_key="k1",
        regency_code="33.74",
    )
    assert message is not None and (message.channel, message.recipient, message.province_code) == (
        "whatsapp",
        "+628123",
        "33",
    )
    assert notify_person(person=Contact(), template="x", context={}, dedupe_key="k2") is None
    assert notify_person(person=SRI, template="selection_result", context={}, dedupe_key="k3") is None
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_a_message_says_its_dates_in_words_in_its_language() -> None:
    """The context keeps the due date as ISO text; the person reads it as a date in words."""
    message = stored()
    _subject, body = outbox.render(message)
    assert "21 Agustus 2021" in body and "2021-08-21" not in body
    message.language = "en"
    assert "21 August 2021" in outbox.render(message)[1]
    assert message.context["due"] == "2021-08-21"
