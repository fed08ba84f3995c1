"""notify_person: one rule for which channel reaches a person, used by every step."""

import pytest
from django.test import override_settings

from naikkelas.notify.models import Message
from naikkelas.notify.services import Contact, channel_for, notify_person

MANUAL = {
    "email": "naikkelas.notify.gateways.EmailGateway",
    "whatsapp": "naikkelas.notify.gateways.ManualGateway",
    "sms": "naikkelas.notify.gateways.ManualGateway",
}


def test_whatsapp_first_when_a_gateway_sends_it() -> None:
    assert channel_for(Contact(phone="+628123", email="a@b.id")) == ("whatsapp", "+628123")


@override_settings(NOTIFY_GATEWAYS=MANUAL)
def test_email_first_when_whatsapp_waits_for_staff_to_send_it_by_hand() -> None:
    assert channel_for(Contact(phone="+628123", email="a@b.id")) == ("email", "a@b.id")
    assert channel_for(Contact(phone="+628123")) == ("whatsapp", "+628123")


def test_no_contact_no_message() -> None:
    assert channel_for(Contact()) == ("", "")


@pytest.mark.django_db
def test_notify_person_queues_one_message_on_the_chosen_channel() -> None:
    message = notify_person(
        person=Contact(phone="+628123", email="a@b.id"),
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
    assert Message.objects.count() == 1
