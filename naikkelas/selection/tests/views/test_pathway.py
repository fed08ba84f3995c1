"""The pathway page of a batch: graduates and their nomination to the next level."""

import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.selection.models import Application
from naikkelas.selection.services import pathway
from naikkelas.selection.tests.services.test_pathway import graduated_semarang  # noqa: F401 - shared helpers and fixtures
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db


def test_pathway_page_and_enterprise_path(graduated_semarang, personas: Personas) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    first, second, apps = graduated_semarang
    client = Client()
    client.force_login(personas.semarang_admin)
    url = reverse("selection:batch_pathway", args=[first.pk])
    apps[0].refresh_from_db()
    pathway.graduations_record(actor=None, batch=first, applications=[apps[0]])
    client.post(url, {"application": [str(apps[0].pk)], "nominate": "1", "to_batch": str(second.pk)})
    assert Application.objects.filter(batch=second, enterprise=apps[0].enterprise).exists()
    page = client.get(reverse("registry:enterprise_detail", args=[apps[0].enterprise_id])).content.decode()
    assert "Jalur jenjang" in page and "Menengah 2021" in page and "lulus" in page
    viewer = Client()
    viewer.force_login(personas.viewer)
    assert viewer.get(url).status_code == 403


def test_a_regency_sees_only_its_own_nominees_in_a_province_batch(
    graduated_semarang,  # noqa: F811
    personas: Personas,
) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.selection.access import applications_for_user
    from naikkelas.selection.tests.services.test_runs import apply as apply_to

    first, second, apps = graduated_semarang
    from datetime import datetime
    from zoneinfo import ZoneInfo

    june = datetime(2021, 6, 15, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    kudus_applicant = apply_to(second, 77, district="33.19.02", now=june)
    assert kudus_applicant not in applications_for_user(personas.semarang_admin)
    assert kudus_applicant in applications_for_user(personas.kudus_admin)
    assert kudus_applicant in applications_for_user(personas.province_admin)
    client = Client()
    client.force_login(personas.semarang_admin)
    page = client.get(reverse("selection:batch_detail", args=[second.pk]))
    assert page.context["summary"].total == 0


def test_nominate_all_takes_every_graduate_not_yet_nominated(graduated_semarang, personas: Personas) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    first, second, apps = graduated_semarang
    for a in apps[:2]:
        a.refresh_from_db()
    pathway.graduations_record(actor=None, batch=first, applications=apps[:2])
    pathway.nominate(actor=personas.semarang_admin, organisation=first.organiser, from_batch=first,
                     to_batch=second, applications=[apps[0]])  # fmt: skip
    assert [a.pk for a in pathway.nomination_candidates(first)] == [apps[1].pk]  # apps[2] was not selected
    client = Client()
    client.force_login(personas.semarang_admin)
    url = reverse("selection:batch_pathway", args=[first.pk])
    assert "Nominasikan semua lulusan yang dapat dinominasikan (1)" in client.get(url).content.decode()
    done = client.post(url, {"nominate_all": "1", "to_batch": second.pk}, follow=True)
    assert "1 lulusan dinominasikan ke Menengah 2021." in done.content.decode()
    assert set(Application.objects.filter(batch=second).values_list("enterprise_id", flat=True)) == {
        apps[0].enterprise_id,
        apps[1].enterprise_id,
    }
    again = client.post(url, {"nominate_all": "1", "to_batch": second.pk}, follow=True)
    assert "Tidak ada lulusan yang dipilih atau yang masih dapat dinominasikan." in again.content.decode()
    assert 'id="nominate-all"' not in again.content.decode()
