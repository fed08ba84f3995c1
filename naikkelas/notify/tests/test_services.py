"""notify_person: one rule for which channel reaches a person, used by every step."""

import pytest
from django.test import override_settings

from naikkelas.notify.models import Message
from naikkelas.notify.services import Contact, channel_for, notify_person
from naikkelas.testing.notify import opt_in, opt_out

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
