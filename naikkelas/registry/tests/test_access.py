import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from naikkelas.registry import access
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db


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


def test_mentor_reads_own_regency_records_figures_but_does_not_edit_enterprises(
    personas: Personas,
) -> None:
    enterprise = personas.semarang_enterprise
    assert access.get_enterprise_for_user(personas.mentor, enterprise.pk) == enterprise
    assert access.can_write_metrics_in(personas.mentor, enterprise.district)
    assert not access.can_write_registry_in(personas.mentor, enterprise.district)
    assert not access.can_write_metrics_in(personas.mentor, personas.kudus_enterprise.district)


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
