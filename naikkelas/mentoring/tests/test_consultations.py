from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from naikkelas.mentoring import consultations
from naikkelas.mentoring.models import Consultation
from naikkelas.mentoring.tests.conftest import Mentee
from naikkelas.notify.gateways import FakeGateway

JAKARTA = ZoneInfo("Asia/Jakarta")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=JAKARTA)


def open_one(mentee: Mentee, on: date = date(2021, 6, 4)) -> Consultation:
    return consultations.consultation_open(
        actor=mentee.personas.participant, enterprise=mentee.enterprise, category="marketing",
        description="Penjualan bandeng presto turun sejak bulan lalu.", now=at(on),
    )  # fmt: skip


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


@pytest.mark.django_db
def test_who_sees_and_who_answers_a_consultation(mentee: Mentee) -> None:
    consultation = open_one(mentee)
    url = f"/pendampingan/konsultasi/{consultation.pk}/"
    personas = mentee.personas

    def client(user):  # type: ignore[no-untyped-def]
        c = Client()
        c.force_login(user)
        return c

    assert client(personas.participant).get(url).status_code == 200
    assert client(personas.mentor).get(url).status_code == 200
    assert client(personas.semarang_admin).get(url).status_code == 200
    assert client(personas.province_admin).get(url).status_code == 200
    assert client(personas.other_participant).get(url).status_code == 404
    assert client(personas.kudus_admin).get(url).status_code == 404
    assert client(personas.outsider).get(url).status_code == 404
    assert client(personas.viewer).get(url).status_code == 200
    reply = {"action": "reply", "body": "Boleh saya bantu?"}
    assert client(personas.viewer).post(url, reply).status_code == 403
    assert client(personas.kudus_admin).post(url, reply).status_code == 404
    assert client(personas.semarang_admin).post(url, reply).status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.ANSWERED
    # a participant's list shows only their own
    mine = client(personas.other_participant).get("/pendampingan/konsultasi/")
    assert list(mine.context["page"]) == []


@pytest.mark.django_db(transaction=True)
def test_the_participant_opens_a_consultation_from_the_page_with_a_photo(mentee: Mentee) -> None:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2400, 1200), "red").save(buffer, format="PNG")
    c = Client()
    c.force_login(mentee.personas.participant)
    assert c.get("/pendampingan/konsultasi/baru/").status_code == 200
    bad = c.post(
        "/pendampingan/konsultasi/baru/",
        {"enterprise": mentee.enterprise.pk, "category": "digital", "description": "x"},
    )
    assert bad.status_code == 200 and "paling sedikit 10 huruf" in bad.text
    response = c.post(
        "/pendampingan/konsultasi/baru/",
        {
            "enterprise": mentee.enterprise.pk, "category": "digital",
            "description": "Bagaimana membuat toko di marketplace?",
            "photo": SimpleUploadedFile("etalase.png", buffer.getvalue(), content_type="image/png"),
        },
    )  # fmt: skip
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{consultation.pk}/")
    photo = c.get(f"/pendampingan/konsultasi/{consultation.pk}/foto/")
    assert photo.status_code == 200
    assert Image.open(io.BytesIO(b"".join(photo.streaming_content))).size == (1600, 800)  # type: ignore[attr-defined]
    other = Client()
    other.force_login(mentee.personas.other_participant)
    assert other.get(f"/pendampingan/konsultasi/{consultation.pk}/foto/").status_code == 404
    assert other.get("/pendampingan/konsultasi/baru/").status_code == 403  # owns no enterprise


def _colleague(username: str, regency: str) -> Any:
    from naikkelas.mentoring import services
    from naikkelas.regions.models import Region
    from naikkelas.testing.factories import UserFactory

    user = UserFactory.create(username=username, first_name=username.title(), email=f"{username}@example.id")
    return services.mentor_create(
        actor=None, user=user, regency=Region.objects.get(code=regency), sectors=["food"], capacity=5
    )


@pytest.mark.django_db(transaction=True)
def test_a_mentor_hands_a_consultation_to_a_colleague_with_a_reason(mentee: Mentee) -> None:
    from django.urls import reverse

    from naikkelas.core.models import AuditEvent

    consultation = open_one(mentee)
    colleague = _colleague("wulan", "33.74")
    _colleague("kudusan", "33.19")  # another regency: not offered to a mentor
    mail.outbox.clear()
    with pytest.raises(ValidationError, match="Tuliskan alasan konsultasi ini diserahkan"):
        consultations.consultation_hand_over(
            actor=mentee.personas.mentor, consultation=consultation, mentor=colleague, reason=" "
        )
    client = Client()
    client.force_login(mentee.personas.mentor)
    page = client.get(reverse("mentoring:consultation", args=[consultation.pk])).content.decode()
    assert "Wulan · Kota Semarang" in page and "Kudusan" not in page
    response = client.post(
        reverse("mentoring:consultation_hand_over", args=[consultation.pk]),
        {"mentor": colleague.pk, "reason": "Ahli pemasaran digital"},
    )
    assert response["Location"] == reverse("mentoring:consultations")  # no longer hers to see
    consultation.refresh_from_db()
    assert consultation.mentor == colleague
    assert (
        consultation.messages.get().body
        == "Konsultasi diserahkan kepada Wulan. Alasan: Ahli pemasaran digital"
    )
    assert AuditEvent.objects.get(
        object_type="mentoring.consultation", changes__reason="Ahli pemasaran digital"
    )
    assert [m.to for m in mail.outbox] == [["wulan@example.id"]]
    assert client.get(reverse("mentoring:consultation", args=[consultation.pk])).status_code == 404


@pytest.mark.django_db
def test_the_province_reassigns_an_escalated_consultation_and_the_clock_restarts(mentee: Mentee) -> None:
    from naikkelas.accounts.services.tokens import api_token_create

    consultation = open_one(mentee)
    consultations.consultations_tick(now=at(date(2021, 6, 11)))
    consultation.refresh_from_db()
    assert consultation.escalation == Consultation.Escalation.PROVINCE
    kudus_mentor = _colleague("kudusan", "33.19")
    province = Client(
        headers={"Authorization": f"Bearer {api_token_create(user=mentee.personas.province_admin)}"}
    )
    url = f"/api/v1/consultations/{consultation.pk}/hand-over"
    moved = province.post(
        url, {"mentor_id": kudus_mentor.pk, "reason": "Pendamping cuti"}, content_type="application/json"
    )
    assert moved.status_code == 200 and moved.json()["mentor_id"] == kudus_mentor.pk
    consultation.refresh_from_db()
    assert consultation.response_due_on > date(2021, 6, 11)  # the new mentor's own deadline
    assert consultation.escalation == Consultation.Escalation.PROVINCE  # what happened stays visible
    kudus = Client(headers={"Authorization": f"Bearer {api_token_create(user=mentee.personas.kudus_admin)}"})
    assert (
        kudus.post(
            url, {"mentor_id": mentee.mentor.pk, "reason": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    viewer = Client(headers={"Authorization": f"Bearer {api_token_create(user=mentee.personas.viewer)}"})
    assert (
        viewer.post(
            url, {"mentor_id": mentee.mentor.pk, "reason": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    participant = Client(
        headers={"Authorization": f"Bearer {api_token_create(user=mentee.personas.participant)}"}
    )
    assert (
        participant.post(
            url, {"mentor_id": mentee.mentor.pk, "reason": "x"}, content_type="application/json"
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_the_mentor_closes_a_consultation_from_the_page(mentee: Mentee) -> None:
    from django.urls import reverse

    consultation = open_one(mentee)
    client = Client()
    client.force_login(mentee.personas.mentor)
    url = reverse("mentoring:consultation", args=[consultation.pk])
    assert 'id="close-consultation"' in client.get(url).content.decode()
    client.post(url, {"action": "close"})
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CLOSED
    with pytest.raises(ValidationError, match="sudah selesai"):
        consultations.consultation_hand_over(
            actor=mentee.personas.mentor,
            consultation=consultation,
            mentor=_colleague("wulan", "33.74"),
            reason="x",
        )


@pytest.mark.django_db
def test_the_queue_puts_the_oldest_waiting_first_and_marks_the_overdue(mentee: Mentee) -> None:
    from django.urls import reverse

    from naikkelas.mentoring.selectors import consultation_queue

    answered = open_one(mentee, on=date(2021, 6, 1))
    consultations.consultation_reply(
        actor=mentee.personas.mentor, consultation=answered, body="Sudah saya jawab."
    )
    newer = open_one(mentee, on=date(2021, 6, 10))
    older = open_one(mentee, on=date(2021, 6, 4))
    queue = list(consultation_queue(mentee.personas.mentor))
    assert [c.pk for c in queue] == [older.pk, newer.pk, answered.pk]
    assert [getattr(c, "overdue") for c in queue] == [True, True, False]  # 2021 deadlines are long past
    client = Client()
    client.force_login(mentee.personas.mentor)
    page = client.get(reverse("mentoring:consultations")).content.decode()
    assert page.count('class="badge warn overdue"') == 2
    assert page.index(f'href="/pendampingan/konsultasi/{older.pk}/"') < page.index(
        f'href="/pendampingan/konsultasi/{answered.pk}/"'
    )
