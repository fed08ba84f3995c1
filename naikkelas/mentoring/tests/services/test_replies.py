"""A participant's WhatsApp reply to her mentor's answer joins the consultation's thread, once."""

from datetime import datetime

import pytest

from naikkelas.mentoring.models import Consultation, ConsultationMessage
from naikkelas.mentoring.services import consultations
from naikkelas.mentoring.tests.conftest import JAKARTA, Mentee
from naikkelas.notify.models import InboundMessage, Message
from naikkelas.notify.services import outbox as services
from naikkelas.testing.whatsapp import SECRET, post_webhook, reply


def answered(mentee: Mentee) -> tuple[Consultation, Message]:
    consultation = consultations.consultation_open(
        actor=mentee.personas.participant, enterprise=mentee.enterprise, category="marketing",
        description="Penjualan bandeng presto turun sejak bulan lalu.", now=datetime(2021, 6, 4, 10, tzinfo=JAKARTA),
    )  # fmt: skip
    answer = consultations.consultation_reply(
        actor=mentee.personas.mentor, consultation=consultation, body="Coba jual lewat WhatsApp grup RT.",
        now=datetime(2021, 6, 7, 9, tzinfo=JAKARTA),
    )  # fmt: skip
    outbound = Message.objects.get(dedupe_key=f"consultation:{consultation.pk}:answer-{answer.pk}")
    return consultation, services.message_deliver(outbound.pk)


@pytest.mark.django_db
def test_a_reply_from_the_owner_s_phone_joins_the_thread_once(mentee: Mentee, settings) -> None:  # type: ignore[no-untyped-def]
    settings.WHATSAPP_APP_SECRET = SECRET
    consultation, outbound = answered(mentee)
    assert outbound.channel == "whatsapp" and outbound.provider_ref
    payload = reply(
        "wamid.BALAS1", "6281234567890", "Sudah saya coba, Pak. Laku 10 kotak.", outbound.provider_ref
    )
    assert post_webhook(payload).status_code == 200
    assert post_webhook(payload).status_code == 200  # the provider delivers at least once
    thread = list(
        ConsultationMessage.objects.filter(consultation=consultation).values_list("author_id", "body")
    )
    assert thread[-1] == (mentee.personas.participant.pk, "Sudah saya coba, Pak. Laku 10 kotak.")
    assert len(thread) == 2
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.OPEN  # waits for the mentor again
    assert InboundMessage.objects.get().taken_by == "mentoring"


@pytest.mark.django_db
def test_a_reply_from_another_phone_is_kept_for_staff_not_filed(mentee: Mentee, settings) -> None:  # type: ignore[no-untyped-def]
    settings.WHATSAPP_APP_SECRET = SECRET
    consultation, outbound = answered(mentee)
    post_webhook(reply("wamid.ORANGLAIN", "6289999999999", "Saya juga mau tanya.", outbound.provider_ref))
    assert ConsultationMessage.objects.filter(consultation=consultation).count() == 1
    assert InboundMessage.objects.get().taken_by == ""


@pytest.mark.django_db
def test_a_reply_to_a_closed_consultation_is_kept_for_staff(mentee: Mentee, settings) -> None:  # type: ignore[no-untyped-def]
    settings.WHATSAPP_APP_SECRET = SECRET
    consultation, outbound = answered(mentee)
    consultations.consultation_close(actor=mentee.personas.participant, consultation=consultation)
    post_webhook(reply("wamid.TELAT", "6281234567890", "Satu lagi, Pak.", outbound.provider_ref))
    assert ConsultationMessage.objects.filter(consultation=consultation).count() == 1
    assert InboundMessage.objects.get().taken_by == ""
