"""Consultation services: the working-day deadline, answers, escalation to the regency then the
province, and closing."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from naikkelas.mentoring.models import Consultation
from naikkelas.mentoring.services import consultations
from naikkelas.mentoring.tests.conftest import Mentee, at, open_one
from naikkelas.notify.gateways import FakeGateway


@pytest.mark.django_db(transaction=True)
def test_opening_sets_a_working_day_deadline_and_tells_the_mentor(mentee: Mentee) -> None:
    consultation = open_one(mentee)  # Friday 4 June 2021
    assert consultation.mentor == mentee.mentor
    assert consultation.response_due_on == date(2021, 6, 8)  # two working days: Monday, Tuesday
    assert [m.to for m in mail.outbox] == [["mentor@semarang.example"]]
    assert "Bandeng" in mail.outbox[0].body or "bandeng" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_deadline_skips_national_holidays(mentee: Mentee) -> None:
    consultation = open_one(mentee, on=date(2021, 5, 12))  # Wednesday before Idul Fitri (13–14 May)
    assert consultation.response_due_on == date(2021, 5, 18)


@pytest.mark.django_db
def test_bad_requests_are_refused_and_nothing_is_stored(mentee: Mentee) -> None:
    with pytest.raises(ValidationError, match=r"Pilih\ kategori\.") as error:
        consultations.consultation_open(
            actor=mentee.personas.participant, enterprise=mentee.enterprise, category="astrologi",
            description="tolong", photo=SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not a photo"),
        )  # fmt: skip
    assert set(error.value.message_dict) == {"category", "description", "photo"}
    assert "bukan foto" in error.value.message_dict["photo"][0]
    assert not Consultation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_answer_stops_the_clock_and_reaches_the_participant_on_whatsapp(mentee: Mentee) -> None:
    consultation = open_one(mentee)
    consultations.consultation_reply(
        actor=mentee.personas.mentor,
        consultation=consultation,
        body="Coba jual lewat GrabMart.",
        now=at(date(2021, 6, 7)),
    )
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.ANSWERED
    assert consultation.first_response_at == at(date(2021, 6, 7))
    assert [d.recipient for d in FakeGateway.delivered] == ["+6281234567890"]
    consultations.consultation_reply(
        actor=mentee.personas.participant, consultation=consultation, body="Bagaimana daftarnya?"
    )
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.OPEN
    assert consultation.first_response_at == at(date(2021, 6, 7))  # the first answer stays the first
    consultations.consultation_close(actor=mentee.personas.participant, consultation=consultation)
    with pytest.raises(ValidationError, match=r"Konsultasi\ ini\ sudah\ selesai;\ buka\ konsultasi"):
        consultations.consultation_reply(actor=mentee.personas.mentor, consultation=consultation, body="Halo")
    assert consultation.messages.count() == 2


@pytest.mark.django_db(transaction=True)
def test_overdue_consultations_escalate_to_the_regency_then_the_province_once(mentee: Mentee) -> None:
    consultation = open_one(mentee)  # due Tuesday 8 June
    mail.outbox.clear()
    assert consultations.consultations_tick(now=at(date(2021, 6, 8), 23)).escalated_regency == 0
    report = consultations.consultations_tick(now=at(date(2021, 6, 9)))
    consultation.refresh_from_db()
    assert (report.escalated_regency, report.escalated_province) == (1, 0)
    assert consultation.escalation == Consultation.Escalation.REGENCY
    assert [m.to for m in mail.outbox] == [["admin@semarang.example"]]  # not Kudus, not yet the province
    consultations.consultations_tick(now=at(date(2021, 6, 10)))  # 2 working days late: still the regency
    consultation.refresh_from_db()
    assert consultation.escalation == Consultation.Escalation.REGENCY
    consultations.consultations_tick(now=at(date(2021, 6, 11)))  # 3 working days late: the province
    consultation.refresh_from_db()
    assert consultation.escalation == Consultation.Escalation.PROVINCE
    assert [m.to for m in mail.outbox] == [["admin@semarang.example"], ["admin@jateng.example"]]
    consultations.consultations_tick(now=at(date(2021, 6, 14)))
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_an_answer_in_time_never_escalates_and_answered_requests_close_themselves(mentee: Mentee) -> None:
    consultation = open_one(mentee)
    consultations.consultation_reply(
        actor=mentee.personas.mentor,
        consultation=consultation,
        body="Sudah saya cek.",
        now=at(date(2021, 6, 8)),
    )
    assert consultations.consultations_tick(now=at(date(2021, 6, 14))).escalated_regency == 0
    assert consultations.consultations_tick(now=at(date(2021, 6, 16))).closed == 1  # 8 days after the answer
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CLOSED and consultation.closed_automatically
    assert consultation.escalation == Consultation.Escalation.NONE
