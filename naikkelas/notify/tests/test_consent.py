"""Consent per channel: recorded with time, source and text version; messages follow it; BERHENTI stops."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone

from naikkelas.core.models import AuditEvent
from naikkelas.core.personal_data import DataSubject
from naikkelas.notify import personal_data
from naikkelas.notify.gateways import FakeGateway
from naikkelas.notify.models import ChannelConsent, InboundMessage, Message
from naikkelas.notify.services import consent
from naikkelas.notify.services import outbox as services
from naikkelas.notify.services.outbox import Contact
from naikkelas.testing.notify import opt_in
from naikkelas.testing.whatsapp import SECRET, FakeCloud, fake_cloud, post_webhook, reply

SRI = Contact(phone="+6281234567890", email="Sri@Example.id")
CONTEXT = {
    "name": "Sri",
    "enterprise": "Bandeng Presto",
    "months": 3,
    "due": "2021-08-21",
    "url": "https://x/",
}


@pytest.fixture(autouse=True)
def fake_gateway() -> Iterator[None]:
    FakeGateway.reset()
    yield
    FakeGateway.reset()


@pytest.fixture
def cloud(settings) -> Iterator[FakeCloud]:  # type: ignore[no-untyped-def]
    with fake_cloud() as fake:
        settings.NOTIFY_GATEWAYS = {**settings.NOTIFY_GATEWAYS,
                                    "whatsapp": "naikkelas.notify.gateways.WhatsAppCloudGateway"}  # fmt: skip
        settings.WHATSAPP_BASE_URL = fake.url
        settings.WHATSAPP_PHONE_NUMBER_ID = "109876"
        settings.WHATSAPP_TOKEN = "token-uji"
        settings.WHATSAPP_APP_SECRET = SECRET
        yield fake


@pytest.mark.django_db
def test_a_form_answer_records_yes_and_no_per_channel_with_source_time_and_text_version() -> None:
    at = timezone.now() - timedelta(days=2)
    written = consent.consents_record(
        person=SRI, chosen=["whatsapp"], source=ChannelConsent.Source.FORM, now=at
    )
    assert [(r.channel, r.address, r.opted_in) for r in written] == [
        ("whatsapp", "+6281234567890", True),
        ("sms", "+6281234567890", False),
        ("email", "sri@example.id", False),
    ]
    assert {(r.text_version, r.source, r.recorded_at) for r in written} == {
        (consent.CONSENT_VERSION, "form", at)
    }
    assert consent.CONSENT_TEXTS[consent.CONSENT_VERSION].startswith("Saya bersedia menerima pesan")
    # the same answer again writes nothing; a change writes one row and keeps the first as history
    assert consent.consents_record(person=SRI, chosen=["whatsapp"], source="form") == []
    assert len(consent.consents_record(person=SRI, chosen=["whatsapp", "email"], source="data_page")) == 1
    states = {c.channel: (c.opted_in, c.state_label) for c in consent.person_choices(SRI)}
    assert states == {
        "whatsapp": (True, "bersedia"),
        "sms": (False, "tidak bersedia"),
        "email": (True, "bersedia"),
    }
    assert [r.source for r in consent.consent_history(SRI) if r.channel == "email"] == ["data_page", "form"]
    assert AuditEvent.objects.filter(object_type="notify.channelconsent").count() == 4


@pytest.mark.django_db
def test_a_person_never_asked_and_one_without_an_address_read_so() -> None:
    labels = [c.state_label for c in consent.person_choices(Contact(phone="+6281234567890"))]
    assert labels == ["belum ditanya", "belum ditanya", "tidak ada alamat"]


@pytest.mark.django_db
def test_a_yes_needs_a_known_text_version() -> None:
    with pytest.raises(ValueError, match="consent text version '1999-01' unknown"):
        consent.consent_record(
            address="+6281234567890", channel="whatsapp", opted_in=True, source="form", text_version="1999-01"
        )
    assert not ChannelConsent.objects.exists()


@pytest.mark.django_db
def test_the_choice_is_checked_again_when_the_message_goes() -> None:
    """Queued while she said yes, written straight to the table after (a race the queue can't see): the
    sender reads her choice at sending time."""
    opt_in("+6281234567890")
    message = Message.objects.create(
        recipient="+6281234567890", channel="whatsapp", template="followup_reminder", context=CONTEXT,
        dedupe_key="k",
    )  # fmt: skip
    ChannelConsent.objects.create(address="+6281234567890", channel="whatsapp", opted_in=False, source="form")
    assert services.message_deliver(message_id=message.pk).status == Message.Status.SKIPPED
    unasked = Message.objects.create(
        recipient="+6289999999999", channel="whatsapp", template="selection_result", context=CONTEXT,
        dedupe_key="k2",
    )  # fmt: skip
    assert services.messages_deliver_batch()[0].pk == unasked.pk
    unasked.refresh_from_db()
    assert unasked.status == Message.Status.SKIPPED and FakeGateway.delivered == []


@pytest.mark.django_db
def test_saying_no_skips_what_waits_for_her_on_that_channel_but_not_her_codes() -> None:
    opt_in("+6281234567890")
    Message.objects.bulk_create(
        Message(
            recipient="+6281234567890", channel=channel, template=template, dedupe_key=f"{channel}{template}"
        )
        for channel in ("whatsapp", "sms")
        for template in ("followup_reminder", "sign_in_code")
    )
    consent.consent_record(address="0812-3456-7890", channel="whatsapp", opted_in=False, source="data_page")
    assert dict(Message.objects.values_list("dedupe_key", "status")) == {
        "whatsappfollowup_reminder": "skipped", "whatsappsign_in_code": "queued",
        "smsfollowup_reminder": "queued", "smssign_in_code": "queued",
    }  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_reply_berhenti_stops_whatsapp_once_and_says_so(cloud: FakeCloud) -> None:
    opt_in("+6281234567890")
    payload = reply("wamid.STOP1", "6281234567890", "Berhenti.")
    assert post_webhook(payload).status_code == 200 and post_webhook(payload).status_code == 200
    (row,) = ChannelConsent.objects.filter(opted_in=False)
    assert (row.address, row.channel, row.source) == ("+6281234567890", "whatsapp", "reply")
    assert InboundMessage.objects.get().taken_by == "notify"
    (answer,) = Message.objects.filter(template="channel_stopped")
    assert answer.status == Message.Status.SENT and answer.recipient == "+6281234567890"
    assert "tidak akan menerima pengingat" in cloud.requests[0]["json"]["text"]["body"]
    # WhatsApp only: her yes to SMS stands
    assert services.channel_for(SRI, template="followup_reminder") == ("sms", "+6281234567890")
    assert services.channel_for(SRI, template="sign_in_code") == ("whatsapp", "+6281234567890")
    # a second BERHENTI from another message id: she has stopped already, no second answer
    post_webhook(reply("wamid.STOP2", "6281234567890", "STOP"))
    assert ChannelConsent.objects.filter(opted_in=False).count() == 1
    assert Message.objects.filter(template="channel_stopped").count() == 1


@pytest.mark.django_db
def test_a_reply_that_only_mentions_stopping_is_not_an_opt_out(cloud: FakeCloud) -> None:
    post_webhook(reply("wamid.X", "6281234567890", "Kapan pelatihan berhenti dulu?"))
    assert not ChannelConsent.objects.exists() and InboundMessage.objects.get().taken_by == ""


@pytest.mark.django_db
def test_her_copy_shows_her_choices_and_deletion_removes_them() -> None:
    consent.consents_record(person=SRI, chosen=["whatsapp"], source="form")
    other = consent.consent_record(address="+6280000000001", channel="whatsapp", opted_in=True, source="form",
                                   text_version=consent.CONSENT_VERSION)  # fmt: skip
    subject = DataSubject(
        person_id=1, user_id=None, enterprise_ids=(), addresses=("+6281234567890", "Sri@Example.id")
    )
    section = personal_data.sections(subject)["pilihan_saluran"]
    assert section.queryset.count() == 3
    personal_data.anonymise(subject, timezone.now())
    assert list(ChannelConsent.objects.all()) == [other]
    assert not AuditEvent.objects.filter(
        object_type="notify.channelconsent", object_repr__contains="+6281234567890"
    ).exists()
