"""Visit pages: the mentor logs a visit; others cannot."""

import pytest
from django.test import Client

from naikkelas.mentoring.models import Visit
from naikkelas.mentoring.tests.conftest import Mentee


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
