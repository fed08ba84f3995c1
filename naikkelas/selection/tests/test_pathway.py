import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from naikkelas.selection import pathway, runs
from naikkelas.selection.models import Application, Graduation
from naikkelas.selection.tests.test_runs import apply, reviewers, score_all
from naikkelas.testing.factories import Personas
from naikkelas.testing.programs import batch, organisation, program_with_levels

pytestmark = pytest.mark.django_db


@pytest.fixture
def graduated_semarang(personas: Personas):  # type: ignore[no-untyped-def]
    """A published Semarang level-1 batch with two selected, and a province level-2 batch."""
    from datetime import date

    province = organisation("Balatkop Jateng", "33")
    _program, level1, level2 = program_with_levels(province)
    level2.requires_nib = False
    level2.save(update_fields=["requires_nib"])
    office = personas.semarang_admin.memberships.get().organisation
    first = batch(level1, office, capacity=2)
    apps = [apply(first, n) for n in range(3)]
    reviewers(first, 2)
    runs.reviews_assign(actor=None, batch=first)
    score_all(first, {apps[0].pk: 5, apps[1].pk: 4, apps[2].pk: 2})
    runs.selection_run(actor=None, batch=first)
    runs.selection_publish(actor=None, batch=first)
    second = batch(level2, province, capacity=10, opens=date(2021, 6, 1), closes=date(2021, 7, 15),
                   start=date(2021, 8, 9), title="Menengah 2021")  # fmt: skip
    return first, second, apps


def test_graduates_are_nominated_and_pass_the_previous_level_rule(
    graduated_semarang, personas: Personas
) -> None:  # type: ignore[no-untyped-def]
    first, second, apps = graduated_semarang
    selected = [a for a in apps if a.pk in {apps[0].pk, apps[1].pk}]
    for a in selected:
        a.refresh_from_db()
    assert pathway.graduations_record(actor=personas.semarang_admin, batch=first, applications=selected) == 2
    created = pathway.nominate(
        actor=personas.semarang_admin, organisation=first.organiser, from_batch=first, to_batch=second,
        applications=selected,
    )  # fmt: skip
    assert len(created) == 2
    nominee = created[0]
    assert nominee.nominated_by == first.organiser and nominee.batch == second
    rules = {r["rule"]: r["passed"] for r in nominee.eligibility}
    assert rules["previous_level"] and rules["not_graduated"]


def test_nominating_a_non_graduate_is_refused_and_writes_nothing(
    graduated_semarang, personas: Personas
) -> None:  # type: ignore[no-untyped-def]
    first, second, apps = graduated_semarang
    apps[0].refresh_from_db()
    apps[1].refresh_from_db()
    pathway.graduations_record(actor=None, batch=first, applications=[apps[0]])
    with pytest.raises(ValidationError, match="belum tercatat lulus"):
        pathway.nominate(actor=personas.semarang_admin, organisation=first.organiser, from_batch=first,
                         to_batch=second, applications=[apps[0], apps[1]])  # fmt: skip
    assert not Application.objects.filter(batch=second).exists()


def test_only_the_offices_admin_nominates(graduated_semarang, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    first, second, apps = graduated_semarang
    with pytest.raises(PermissionDenied):
        pathway.nominate(actor=personas.kudus_admin, organisation=first.organiser, from_batch=first,
                         to_batch=second, applications=[])  # fmt: skip


def test_unselected_applicant_cannot_graduate(graduated_semarang) -> None:  # type: ignore[no-untyped-def]
    first, _second, apps = graduated_semarang
    apps[2].refresh_from_db()
    with pytest.raises(ValidationError, match=r"Hanya\ peserta\ terpilih\ angkatan\ ini\ yang\ dapat"):
        pathway.graduations_record(actor=None, batch=first, applications=[apps[2]])
    assert not Graduation.objects.exists()


def test_pathway_page_and_enterprise_path(graduated_semarang, personas: Personas) -> None:  # type: ignore[no-untyped-def]
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


def test_nominations_through_the_api(graduated_semarang, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.accounts.services import api_token_create

    first, second, apps = graduated_semarang
    apps[0].refresh_from_db()
    pathway.graduations_record(actor=None, batch=first, applications=[apps[0]])
    client = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.semarang_admin)}"})
    response = client.post(
        "/api/v1/nominations", {"from_batch": first.pk, "to_batch": second.pk, "applications": [apps[0].pk]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert client.get("/api/v1/nominations").json()["count"] == 1
    kudus = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.kudus_admin)}"})
    refused = kudus.post(
        "/api/v1/nominations", {"from_batch": first.pk, "to_batch": second.pk, "applications": [apps[1].pk]},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 404


def test_a_regency_sees_only_its_own_nominees_in_a_province_batch(
    graduated_semarang, personas: Personas
) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.selection.access import applications_for_user
    from naikkelas.selection.tests.test_runs import apply as apply_to

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


def test_nominate_all_takes_every_graduate_not_yet_nominated(graduated_semarang, personas: Personas) -> None:  # type: ignore[no-untyped-def]
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


def test_the_api_nominates_all_eligible(graduated_semarang, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.accounts.services import api_token_create

    first, second, apps = graduated_semarang
    for a in apps[:2]:
        a.refresh_from_db()
    pathway.graduations_record(actor=None, batch=first, applications=apps[:2])
    client = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.semarang_admin)}"})
    response = client.post(
        "/api/v1/nominations", {"from_batch": first.pk, "to_batch": second.pk, "all_eligible": True},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201 and len(response.json()) == 2
    viewer = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.viewer)}"})
    refused = viewer.post(
        "/api/v1/nominations", {"from_batch": first.pk, "to_batch": second.pk, "all_eligible": True},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 403
