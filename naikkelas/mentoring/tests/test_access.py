"""The mentoring door's predicates: who is a mentor, who matches, who writes a consultation."""

import pytest
from django.core.exceptions import PermissionDenied

from naikkelas.mentoring import access
from naikkelas.mentoring.services import consultations
from naikkelas.testing.factories import Personas
from naikkelas.testing.mentoring import Mentee

pytestmark = pytest.mark.django_db


def test_only_an_active_mentor_passes_require_mentor(mentee: Mentee) -> None:
    personas = mentee.personas
    assert access.require_mentor(personas.mentor) == mentee.mentor
    for user in (personas.semarang_admin, personas.participant, personas.outsider):
        with pytest.raises(PermissionDenied):
            access.require_mentor(user)
    mentee.mentor.active = False
    mentee.mentor.save(update_fields=["active"])
    with pytest.raises(PermissionDenied):
        access.require_mentor(personas.mentor)


def test_visits_are_listed_for_mentors_and_staff_only(mentee: Mentee) -> None:
    personas = mentee.personas
    assert access.can_see_visits(personas.mentor, access.mentor_for_user(personas.mentor))
    assert access.can_see_visits(personas.viewer, None)
    assert not access.can_see_visits(personas.participant, None)
    assert not access.can_see_visits(personas.outsider, None)


def test_admins_match_graduates_viewers_and_mentors_do_not(personas: Personas) -> None:
    assert access.can_match_graduates(personas.semarang_admin)
    assert access.can_match_graduates(personas.province_admin)
    assert not access.can_match_graduates(personas.viewer)
    assert not access.can_match_graduates(personas.mentor)


def test_only_an_owner_of_a_business_opens_a_consultation(personas: Personas) -> None:
    assert list(access.require_participant_enterprises(personas.participant)) == [
        personas.semarang_enterprise
    ]
    for user in (personas.semarang_admin, personas.outsider):
        with pytest.raises(PermissionDenied):
            access.require_participant_enterprises(user)


def test_the_owner_her_mentor_and_the_regions_admin_write_a_consultation(mentee: Mentee) -> None:
    personas = mentee.personas
    consultation = consultations.consultation_open(
        actor=personas.participant,
        enterprise=mentee.enterprise,
        category="marketing",
        description="Harga jual terlalu rendah",
    )
    for user in (personas.participant, personas.mentor, personas.semarang_admin, personas.province_admin):
        assert access.can_write_consultation(user, consultation), user
    for user in (personas.viewer, personas.kudus_admin):
        assert not access.can_write_consultation(user, consultation), user
    with pytest.raises(PermissionDenied):  # the viewer sees it (national) but does not answer
        access.get_consultation_for_user(personas.viewer, consultation.pk, write=True)
