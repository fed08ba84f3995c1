import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.registry import access
from naikkelas.registry.models import MetricReport
from naikkelas.testing.factories import Personas
from naikkelas.testing.mentoring import make_mentee
from naikkelas.testing.training import ProvinceBatch, make_province_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(personas: Personas) -> ProvinceBatch:
    return make_province_batch(personas)


def api(user: object) -> Client:
    token = api_token_create(user=user)  # type: ignore[arg-type]
    return Client(headers={"Authorization": f"Bearer {token}"})


def page(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_semarang_admin_sees_semarang_not_kudus(personas: Personas) -> None:
    visible = access.enterprises_for_user(personas.semarang_admin)
    assert personas.semarang_enterprise in visible
    assert personas.kudus_enterprise not in visible
    with pytest.raises(Http404):
        access.get_enterprise_for_user(personas.semarang_admin, personas.kudus_enterprise.pk)


def test_province_admin_sees_every_regency_of_the_province(personas: Personas) -> None:
    visible = set(access.enterprises_for_user(personas.province_admin))
    assert {personas.semarang_enterprise, personas.kudus_enterprise} <= visible


def test_participant_sees_only_their_own_person_and_enterprises(personas: Personas) -> None:
    assert list(access.persons_for_user(personas.participant)) == [personas.participant_person]
    assert list(access.enterprises_for_user(personas.participant)) == [personas.semarang_enterprise]
    with pytest.raises(Http404):
        access.get_person_for_user(personas.participant, personas.other_person.pk)


def test_participant_cannot_write_even_their_own_record(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        access.get_person_for_user(personas.participant, personas.participant_person.pk, write=True)


def test_viewer_reads_everywhere_but_gets_403_on_writes(personas: Personas) -> None:
    enterprise = access.get_enterprise_for_user(personas.viewer, personas.kudus_enterprise.pk)
    assert enterprise == personas.kudus_enterprise
    with pytest.raises(PermissionDenied):
        access.get_enterprise_for_user(personas.viewer, personas.kudus_enterprise.pk, write=True)


def test_outsider_without_membership_sees_nothing(personas: Personas) -> None:
    assert not access.enterprises_for_user(personas.outsider).exists()
    assert not access.persons_for_user(personas.outsider).exists()
    assert not access.metric_reports_for_user(personas.outsider).exists()


def test_full_nik_only_for_the_person_and_admins_in_scope(personas: Personas) -> None:
    person = personas.participant_person
    assert access.can_see_full_nik(personas.participant, person)
    assert access.can_see_full_nik(personas.semarang_admin, person)
    assert not access.can_see_full_nik(personas.kudus_admin, person)
    assert not access.can_see_full_nik(personas.mentor, person)
    assert not access.can_see_full_nik(personas.viewer, person)


def test_owner_living_elsewhere_is_visible_through_an_enterprise_in_scope(personas: Personas) -> None:
    from naikkelas.regions.models import Region
    from naikkelas.testing.factories import EnterpriseFactory, PersonFactory

    commuter = PersonFactory.create(address_district=Region.objects.get(code="33.22.01"))  # Kab. Semarang
    EnterpriseFactory.create(owner=commuter, district=Region.objects.get(code="33.74.03"))  # Kota Semarang
    assert commuter in access.persons_for_user(personas.semarang_admin)
    assert commuter not in access.persons_for_user(personas.kudus_admin)
    assert not access.can_write_registry_in(personas.semarang_admin, commuter.address_district)


def test_a_mentors_membership_alone_reaches_no_one_in_her_city(personas: Personas) -> None:
    # Before any mentee is assigned: the Semarang membership with role mentor is not a staff scope.
    assert not access.persons_for_user(personas.mentor).exists()
    assert not access.enterprises_for_user(personas.mentor).exists()
    assert not access.metric_reports_for_user(personas.mentor).exists()
    with pytest.raises(Http404):
        access.get_enterprise_for_user(personas.mentor, personas.semarang_enterprise.pk)


def test_mentor_sees_only_her_mentees_person_enterprise_and_reports(
    personas: Personas, cast: ProvinceBatch
) -> None:
    sri = cast.mentee.enterprise
    assert list(access.enterprises_for_user(personas.mentor)) == [sri]
    assert list(access.persons_for_user(personas.mentor)) == [personas.participant_person]
    assert set(access.metric_reports_for_user(personas.mentor)) == set(sri.reports.all())
    for other in (cast.budi_enterprise, cast.bystander, personas.kudus_enterprise):
        with pytest.raises(Http404):
            access.get_enterprise_for_user(personas.mentor, other.pk)
        with pytest.raises(Http404):
            access.get_person_for_user(personas.mentor, other.owner_id)
    budi_report = cast.applications["budi"].baseline
    with pytest.raises(Http404):
        access.get_metric_report_for_user(personas.mentor, budi_report.pk)


def test_mentor_sees_only_her_mentees_through_the_api_and_the_pages(
    personas: Personas, cast: ProvinceBatch
) -> None:
    client = api(personas.mentor)
    persons = client.get("/api/v1/persons").json()
    assert [item["name"] for item in persons["items"]] == [personas.participant_person.name]
    enterprises = client.get("/api/v1/enterprises").json()
    assert [item["id"] for item in enterprises["items"]] == [cast.mentee.enterprise.pk]
    reports = client.get("/api/v1/metric-reports").json()
    assert {item["enterprise_id"] for item in reports["items"]} == {cast.mentee.enterprise.pk}
    assert client.get(f"/api/v1/enterprises/{cast.budi_enterprise.pk}").status_code == 404
    assert client.get(f"/api/v1/persons/{personas.other_person.pk}").status_code == 404
    browser = page(personas.mentor)
    assert (
        browser.get(reverse("registry:enterprise_detail", args=[cast.mentee.enterprise.pk])).status_code
        == 200
    )
    for other in (cast.budi_enterprise, cast.bystander):
        assert browser.get(reverse("registry:enterprise_detail", args=[other.pk])).status_code == 404
        assert browser.get(reverse("registry:person_detail", args=[other.owner_id])).status_code == 404
    listing = browser.get(reverse("registry:person_list")).content.decode()
    assert personas.participant_person.name in listing
    assert personas.other_person.name not in listing and "Warga Tetangga" not in listing


def test_mentor_records_figures_only_for_a_mentee_and_only_as_a_mentor_visit(
    personas: Personas, cast: ProvinceBatch
) -> None:
    sri = cast.mentee.enterprise
    assert access.metric_sources_for(personas.mentor, sri) == {MetricReport.Source.MENTOR_VISIT}
    assert not access.can_write_metrics_for(personas.mentor, cast.budi_enterprise)
    assert not access.can_write_registry_in(personas.mentor, sri.district)
    client = api(personas.mentor)
    figures = {"period": "2021-09-01", "omzet": 1, "aset": 1, "workers": 1}
    foreign = client.post(
        "/api/v1/metric-reports", {"enterprise_id": cast.budi_enterprise.pk, "source": "mentor_visit", **figures},
        content_type="application/json",
    )  # fmt: skip
    assert foreign.status_code == 404
    wrong_source = client.post(
        "/api/v1/metric-reports", {"enterprise_id": sri.pk, "source": "follow_up", **figures},
        content_type="application/json",
    )  # fmt: skip
    assert wrong_source.status_code == 422
    assert wrong_source.json()["detail"] == [
        {"field": "source", "message": "Anda hanya boleh mencatat angka dengan sumber: kunjungan pendamping."}
    ]
    assert not sri.reports.filter(period="2021-09-01").exists()
    visit = client.post(
        "/api/v1/metric-reports", {"enterprise_id": sri.pk, "source": "mentor_visit", **figures},
        content_type="application/json",
    )  # fmt: skip
    assert visit.status_code == 201
    recorded = MetricReport.objects.get(pk=visit.json()["id"])
    assert (recorded.source, recorded.reported_by, recorded.omzet) == ("mentor_visit", personas.mentor, 1)
    # Her mentee's application baseline is not hers to correct: 403, unchanged.
    baseline = cast.mentee.baseline
    patched = client.patch(
        f"/api/v1/metric-reports/{baseline.pk}", {"omzet": 1}, content_type="application/json"
    )
    assert patched.status_code == 403
    baseline.refresh_from_db()
    assert baseline.omzet == 10_000_000


def test_mentor_page_form_offers_only_the_mentor_visit_source(
    personas: Personas, cast: ProvinceBatch
) -> None:
    browser = page(personas.mentor)
    url = reverse("registry:metric_create", args=[cast.mentee.enterprise.pk])
    form = browser.get(url)
    assert form.status_code == 200
    assert list(form.context["form"].fields["source"].choices) == [("mentor_visit", "kunjungan pendamping")]
    refused = browser.post(
        url, {"period": "2021-09", "omzet": "1", "aset": "1", "workers": "1", "source": "import"}
    )
    assert refused.status_code == 200
    assert not cast.mentee.enterprise.reports.filter(period="2021-09-01").exists()
    assert browser.get(reverse("registry:metric_create", args=[cast.budi_enterprise.pk])).status_code == 404


def test_an_ended_mentorship_ends_the_mentors_reach(personas: Personas) -> None:
    mentee = make_mentee(personas)
    assert access.enterprises_for_user(personas.mentor).count() == 1
    mentee.enterprise.mentor_assignments.update(ended_at="2022-01-01T00:00:00+07:00")
    assert not access.enterprises_for_user(personas.mentor).exists()


def test_trainer_sees_his_batchs_participants_not_the_province(
    personas: Personas, cast: ProvinceBatch
) -> None:
    owners = {personas.participant_person, personas.other_person, personas.kudus_enterprise.owner}
    assert set(access.persons_for_user(cast.trainer)) == owners
    assert set(access.enterprises_for_user(cast.trainer)) == {
        cast.mentee.enterprise,
        cast.budi_enterprise,
        personas.kudus_enterprise,
    }
    with pytest.raises(Http404):
        access.get_enterprise_for_user(cast.trainer, cast.bystander.pk)
    with pytest.raises(PermissionDenied):
        access.get_enterprise_for_user(cast.trainer, cast.budi_enterprise.pk, write=True)
    assert not access.can_write_metrics_for(cast.trainer, cast.budi_enterprise)
    # The other batch's trainer, a member of the same province centre, reaches none of them.
    assert not access.persons_for_user(cast.other_trainer).exists()


def test_reviewer_sees_only_the_applicants_assigned_to_her(personas: Personas, cast: ProvinceBatch) -> None:
    assert list(access.enterprises_for_user(cast.reviewer)) == [cast.budi_enterprise]
    assert list(access.persons_for_user(cast.reviewer)) == [personas.other_person]
    with pytest.raises(Http404):
        access.get_enterprise_for_user(cast.reviewer, cast.mentee.enterprise.pk)
    with pytest.raises(PermissionDenied):  # a reviewer records no figures
        access.require_metric_source(cast.reviewer, cast.budi_enterprise, "import")


def test_the_registry_doors_predicates_refuse_with_403(personas: Personas) -> None:
    from django.core.exceptions import PermissionDenied

    kudus_district = personas.kudus_enterprise.district
    semarang_district = personas.semarang_enterprise.district
    access.require_registry_writer(personas.semarang_admin)
    access.require_import(personas.semarang_admin)
    access.require_write_registry_in(personas.semarang_admin, semarang_district)
    assert access.require_metric_writer(personas.semarang_admin, personas.semarang_enterprise)
    refusals = [
        lambda: access.require_registry_writer(personas.viewer),
        lambda: access.require_registry_writer(personas.participant),
        lambda: access.require_import(personas.viewer),
        lambda: access.require_write_registry_in(personas.semarang_admin, kudus_district),
        lambda: access.require_metric_writer(personas.viewer, personas.kudus_enterprise),
        lambda: access.require_metric_writer(personas.participant, personas.semarang_enterprise),
    ]
    for refuse in refusals:
        with pytest.raises(PermissionDenied):
            refuse()
