"""A visit's photo: checked by its content, re-encoded, stored privately and seen only through the door."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from naikkelas.mentoring import visits
from naikkelas.mentoring.models import Visit
from naikkelas.mentoring.tests.conftest import Mentee
from naikkelas.testing.files import jpeg


def photo(content: bytes | None = None, name: str = "warung.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else jpeg(), content_type="image/jpeg")


def log(mentee: Mentee, **changes: object) -> Visit:
    fields: dict[str, object] = {
        "actor": mentee.personas.mentor, "mentor": mentee.mentor, "enterprise": mentee.enterprise,
        "visit_date": date(2021, 8, 16), "mode": "visit", "topics": "Etalase",
    }  # fmt: skip
    return visits.visit_log(**{**fields, **changes})  # type: ignore[arg-type]


@pytest.mark.django_db
def test_a_logged_visit_keeps_its_photo_downscaled(mentee: Mentee) -> None:
    visit = log(mentee, photo=photo())
    assert str(visit.photo.name).startswith("visits/") and str(visit.photo.name).endswith(".jpg")
    with visit.photo.open("rb") as stored:
        assert Image.open(io.BytesIO(stored.read())).size == (1600, 800)
    assert log(mentee, visit_date=date(2021, 8, 17)).photo.name == ""  # the photo is optional


@pytest.mark.django_db
def test_a_file_that_is_no_photo_or_a_photo_on_a_plan_is_refused_and_nothing_is_written(
    mentee: Mentee,
) -> None:
    with pytest.raises(ValidationError, match="bukan foto") as refused:
        log(mentee, photo=photo(b"just some text, not an image", name="warung.jpg"))
    assert list(refused.value.error_dict) == ["photo"]
    with pytest.raises(ValidationError, match="Foto hanya untuk kunjungan yang sudah dilakukan"):
        log(mentee, photo=photo(), visit_date=date.today() + timedelta(days=2), planned=True)
    assert not Visit.objects.exists()


@pytest.mark.django_db
def test_the_mentor_sends_a_photo_with_the_form_and_only_those_at_the_door_see_it(mentee: Mentee) -> None:
    from django.test import Client

    mentor = Client()
    mentor.force_login(mentee.personas.mentor)
    url = f"/pendampingan/kunjungan/baru/{mentee.enterprise.pk}/"
    form = {"visit_date": "2021-08-16", "mode": "visit", "topics": "Etalase baru"}
    refused = mentor.post(url, {**form, "photo": photo(b"bukan gambar")})
    assert refused.status_code == 200 and "bukan foto" in refused.text and not Visit.objects.exists()
    assert mentor.post(url, {**form, "photo": photo()}).status_code == 302
    visit = Visit.objects.get()
    listing = mentor.get("/pendampingan/kunjungan/")
    assert f"/pendampingan/kunjungan/{visit.pk}/foto/" in listing.text
    shown = mentor.get(f"/pendampingan/kunjungan/{visit.pk}/foto/")
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    for who, status in ((mentee.personas.participant, 200), (mentee.personas.semarang_admin, 200),
                        (mentee.personas.kudus_admin, 404), (mentee.personas.other_participant, 404)):  # fmt: skip
        other = Client()
        other.force_login(who)
        assert other.get(f"/pendampingan/kunjungan/{visit.pk}/foto/").status_code == status, who
    assert Client().get(f"/pendampingan/kunjungan/{visit.pk}/foto/").status_code == 302  # sign in first
