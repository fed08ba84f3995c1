"""Consultation pages: who sees and answers, opening one with a photo (photos only, no pixel floods,
one size rule), handing over, closing, and the queue."""

from datetime import date
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import ImageFile

from naikkelas.mentoring.models import Consultation, FollowUp
from naikkelas.mentoring.services import consultations, followups
from naikkelas.mentoring.tests.conftest import Mentee, _colleague, keep_link_alive, open_one
from naikkelas.testing import files


def _open_consultation(mentee: Mentee, photo: SimpleUploadedFile):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(mentee.personas.participant)
    return client.post(
        "/pendampingan/konsultasi/baru/",
        {"enterprise": mentee.enterprise.pk, "category": "digital",
         "description": "Bagaimana membuat toko di marketplace?", "photo": photo},
    )  # fmt: skip


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


@pytest.mark.django_db
def test_a_pixel_flood_photo_is_refused_without_decoding(mentee: Mentee) -> None:
    flood = SimpleUploadedFile("etalase.png", files.flood_png(8900, 8900), content_type="image/png")
    with mock.patch.object(ImageFile.ImageFile, "load", side_effect=AssertionError("decoded")):
        response = _open_consultation(mentee, flood)
    assert response.status_code == 200
    assert (
        "etalase.png terlalu besar: 8900 × 8900 piksel; foto PNG atau WebP paling besar 10 megapiksel (JPEG sampai 40 megapiksel)."
        in response.text
    )
    assert not Consultation.objects.exists()


@pytest.mark.django_db
def test_a_pdf_is_not_a_photo(mentee: Mentee) -> None:
    response = _open_consultation(mentee, SimpleUploadedFile("laporan.html", files.plain_pdf()))
    assert "laporan.html adalah PDF; di sini hanya foto (JPEG, PNG atau WebP)." in response.text
    assert not Consultation.objects.exists()


@pytest.mark.django_db
def test_a_large_photo_gets_the_same_size_message_as_everywhere(mentee: Mentee) -> None:
    big = SimpleUploadedFile("besar.jpg", b"\xff\xd8\xff" + b"0" * (60 * 2**20), content_type="image/jpeg")
    response = _open_consultation(mentee, big)
    assert "besar.jpg terlalu besar (60 MB); paling besar 5 MB." in response.text
    assert not Consultation.objects.exists()


@pytest.mark.django_db
def test_a_consultation_photo_is_served_inline_under_our_name(mentee: Mentee) -> None:
    assert _open_consultation(mentee, SimpleUploadedFile("../../x.jpg", files.jpeg())).status_code == 302
    consultation = Consultation.objects.get()
    client = Client()
    client.force_login(mentee.personas.mentor)
    served = client.get(f"/pendampingan/konsultasi/{consultation.pk}/foto/")
    assert served["Content-Type"] == "image/jpeg"
    assert served["Content-Disposition"] == f'inline; filename="konsultasi-{consultation.pk}.jpg"'
    assert served["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_every_photo_field_states_the_same_limit(mentee: Mentee, due: FollowUp) -> None:
    client = Client()
    client.force_login(mentee.personas.participant)
    form = client.get("/pendampingan/konsultasi/baru/").text
    assert "JPEG, PNG atau WebP, paling besar 5 MB." in form
    assert 'accept="image/jpeg,image/png,image/webp"' in form
    keep_link_alive(due)
    jump = Client().post(
        f"/tindak-lanjut/{followups.link_token(due)}/",
        {"omzet": "50000000", "aset": "30000000", "workers": "2"},
    )
    assert "JPEG, PNG atau WebP, paling besar 5 MB." in jump.text
    assert 'accept="image/jpeg,image/png,image/webp"' in jump.text
