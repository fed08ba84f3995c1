"""Consultation photos and follow-up evidence: photos only, no pixel floods, one size rule, and the
evidence shown to the staff who check a jump (attacks.md V7)."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import ImageFile

from naikkelas.mentoring import followups
from naikkelas.mentoring.models import Consultation, FollowUp
from naikkelas.mentoring.tests.conftest import Mentee
from naikkelas.mentoring.tests.test_followups import due, keep_link_alive  # noqa: F401 - shared fixture
from naikkelas.testing import files

pytestmark = pytest.mark.django_db


def _open_consultation(mentee: Mentee, photo: SimpleUploadedFile):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(mentee.personas.participant)
    return client.post(
        "/pendampingan/konsultasi/baru/",
        {"enterprise": mentee.enterprise.pk, "category": "digital",
         "description": "Bagaimana membuat toko di marketplace?", "photo": photo},
    )  # fmt: skip


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


def test_a_pdf_is_not_a_photo(mentee: Mentee) -> None:
    response = _open_consultation(mentee, SimpleUploadedFile("laporan.html", files.plain_pdf()))
    assert "laporan.html adalah PDF; di sini hanya foto (JPEG, PNG atau WebP)." in response.text
    assert not Consultation.objects.exists()


def test_a_large_photo_gets_the_same_size_message_as_everywhere(mentee: Mentee) -> None:
    big = SimpleUploadedFile("besar.jpg", b"\xff\xd8\xff" + b"0" * (60 * 2**20), content_type="image/jpeg")
    response = _open_consultation(mentee, big)
    assert "besar.jpg terlalu besar (60 MB); paling besar 5 MB." in response.text
    assert not Consultation.objects.exists()


def test_a_consultation_photo_is_served_inline_under_our_name(mentee: Mentee) -> None:
    assert _open_consultation(mentee, SimpleUploadedFile("../../x.jpg", files.jpeg())).status_code == 302
    consultation = Consultation.objects.get()
    client = Client()
    client.force_login(mentee.personas.mentor)
    served = client.get(f"/pendampingan/konsultasi/{consultation.pk}/foto/")
    assert served["Content-Type"] == "image/jpeg"
    assert served["Content-Disposition"] == f'inline; filename="konsultasi-{consultation.pk}.jpg"'
    assert served["X-Content-Type-Options"] == "nosniff"


def _report_with_evidence(followup: FollowUp, evidence: SimpleUploadedFile):  # type: ignore[no-untyped-def]
    keep_link_alive(followup)
    return Client().post(
        f"/tindak-lanjut/{followups.link_token(followup)}/",
        {"omzet": "50000000", "aset": "30000000", "workers": "2", "confirm_jump": "on", "evidence": evidence},
    )


def test_follow_up_evidence_is_a_photo_checked_like_the_others(mentee: Mentee, due: FollowUp) -> None:  # noqa: F811
    with mock.patch.object(ImageFile.ImageFile, "load", side_effect=AssertionError("decoded")):
        flood = _report_with_evidence(due, SimpleUploadedFile("bukti.png", files.flood_png(8900, 8900)))
    assert (
        "bukti.png terlalu besar: 8900 × 8900 piksel; foto PNG atau WebP paling besar 10 megapiksel (JPEG sampai 40 megapiksel)."
        in flood.text
    )
    pdf = _report_with_evidence(due, SimpleUploadedFile("bukti.pdf", files.plain_pdf()))
    assert "bukti.pdf adalah PDF; di sini hanya foto (JPEG, PNG atau WebP)." in pdf.text
    due.refresh_from_db()
    assert due.status == FollowUp.Status.PENDING and not due.evidence


def test_staff_who_check_the_jump_see_the_evidence_others_do_not(mentee: Mentee, due: FollowUp) -> None:  # noqa: F811
    assert _report_with_evidence(due, SimpleUploadedFile("nota.jpg", files.jpeg())).status_code == 302
    due.refresh_from_db()
    assert due.status == FollowUp.Status.REPORTED and due.jump_confirmed and due.evidence
    url = f"/pendampingan/tindak-lanjut/{due.pk}/bukti/"
    for user in (mentee.personas.mentor, mentee.personas.semarang_admin, mentee.personas.province_admin,
                 mentee.personas.participant):  # fmt: skip
        client = Client()
        client.force_login(user)
        served = client.get(url)
        assert served.status_code == 200, user
        assert served["Content-Disposition"] == f'inline; filename="bukti-tindak-lanjut-{due.pk}.jpg"'
    page = Client()
    page.force_login(mentee.personas.mentor)
    assert url in page.get(f"/pendampingan/tindak-lanjut/{due.pk}/").text
    for user in (mentee.personas.kudus_admin, mentee.personas.other_participant):
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    assert Client().get(url).status_code == 302  # to sign in
    other = FollowUp.objects.get(enterprise=mentee.enterprise, month_offset=6)
    mentor = Client()
    mentor.force_login(mentee.personas.mentor)
    assert mentor.get(f"/pendampingan/tindak-lanjut/{other.pk}/bukti/").status_code == 404  # none sent


def test_every_photo_field_states_the_same_limit(mentee: Mentee, due: FollowUp) -> None:  # noqa: F811
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
