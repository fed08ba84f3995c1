"""Visit pages: the mentor logs a visit (with a photo, seen only through the door); others cannot."""

import pytest
from django.test import Client

from naikkelas.mentoring.models import Visit
from naikkelas.mentoring.tests.conftest import Mentee
from naikkelas.mentoring.tests.services.test_visits import photo


@pytest.mark.django_db
def test_the_mentor_logs_a_visit_from_the_page_and_others_cannot(mentee: Mentee) -> None:
    url = f"/pendampingan/kunjungan/baru/{mentee.enterprise.pk}/"
    mentor = Client()
    mentor.force_login(mentee.personas.mentor)
    assert mentor.get(url).status_code == 200
    response = mentor.post(
        url,
        {"visit_date": "2021-09-01", "mode": "visit", "topics": "Harga jual", "action_1": "Hitung HPP",
         "action_1_due": "2021-09-10", "omzet": "", "aset": "", "workers": ""},
    )  # fmt: skip
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.actions == [{"text": "Hitung HPP", "due": "2021-09-10"}] and visit.report is None
    assert (
        mentor.get(f"/pendampingan/kunjungan/baru/{mentee.personas.kudus_enterprise.pk}/").status_code == 404
    )
    admin = Client()
    admin.force_login(mentee.personas.semarang_admin)
    assert admin.get(url).status_code == 403
    assert len(admin.get("/pendampingan/kunjungan/").context["page"]) == 1
    kudus = Client()
    kudus.force_login(mentee.personas.kudus_admin)
    assert len(kudus.get("/pendampingan/kunjungan/").context["page"]) == 0


@pytest.mark.django_db
def test_the_mentor_sends_a_photo_with_the_form_and_only_those_at_the_door_see_it(mentee: Mentee) -> None:
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
