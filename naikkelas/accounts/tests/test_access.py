from typing import Any

import pytest

from naikkelas.accounts.access import scope_for_user, users_managed_by
from naikkelas.accounts.models import Membership
from naikkelas.registry import access as registry_access
from naikkelas.registry.models import Person
from naikkelas.testing.factories import Personas, PersonFactory, staff

pytestmark = pytest.mark.django_db


def test_national_scope_survives_being_combined_with_another_condition(personas: Personas) -> None:
    # A person without any enterprise, seen by the ministry viewer only through the scope condition.
    loner = PersonFactory.create(name="Tanpa Usaha")
    from django.db.models import Q

    scope = scope_for_user(personas.viewer)
    assert loner in Person.objects.filter(scope.q() | Q(pk__in=[]))
    assert loner in registry_access.persons_for_user(personas.viewer)


def test_regency_scope_is_only_that_regency(personas: Personas) -> None:
    assert scope_for_user(personas.semarang_admin).reaches(personas.semarang_enterprise.district)
    assert not scope_for_user(personas.semarang_admin).reaches(personas.kudus_enterprise.district)
    assert scope_for_user(personas.province_admin).reaches(personas.kudus_enterprise.district)


def test_no_membership_reaches_nothing(personas: Personas) -> None:
    scope = scope_for_user(personas.outsider)
    assert not scope.is_staff
    assert not Person.objects.filter(scope.q()).exists()


def test_the_scope_knows_which_offices_a_user_administers(personas: Personas) -> None:
    semarang_office = personas.semarang_admin.memberships.get().organisation
    kudus_office = personas.kudus_admin.memberships.get().organisation
    scope = scope_for_user(personas.semarang_admin)
    assert scope.is_admin and scope.administered_ids == frozenset({semarang_office.pk})
    assert scope.administers(semarang_office.pk) and not scope.administers(kudus_office.pk)
    assert not scope.administers(None)
    mentor = scope_for_user(personas.mentor)  # a membership, but not an admin's
    assert not mentor.is_admin and mentor.administered_ids == frozenset()
    assert not scope_for_user(personas.viewer).is_admin
    assert not scope_for_user(personas.outsider).administers(semarang_office.pk)


def test_can_manage_asks_the_scope_not_the_database_per_call(
    personas: Personas, django_assert_num_queries: Any
) -> None:
    from naikkelas.programs.access import can_manage

    semarang_office = personas.semarang_admin.memberships.get().organisation
    kudus_office = personas.kudus_admin.memberships.get().organisation
    user = personas.semarang_admin
    with django_assert_num_queries(1):  # the scope, once
        assert can_manage(user, semarang_office)
    with django_assert_num_queries(0):
        assert can_manage(user, semarang_office)
        assert not can_manage(user, kudus_office)


def test_admins_manage_the_staff_of_their_offices(personas: Personas) -> None:
    assert set(users_managed_by(personas.semarang_admin)) == {personas.semarang_admin, personas.mentor}
    assert set(users_managed_by(personas.kudus_admin)) == {personas.kudus_admin}
    assert set(users_managed_by(personas.province_admin)) == {
        personas.province_admin,
        personas.semarang_admin,
        personas.kudus_admin,
        personas.mentor,
    }
    # Not an admin: nobody else's; the ministry viewer is read-only everywhere, manages no one.
    assert not users_managed_by(personas.mentor).exists()
    assert not users_managed_by(personas.viewer).exists()
    assert not users_managed_by(personas.participant).exists()
    national = staff("admin_nasional", None, Membership.Role.ADMIN)
    assert personas.viewer in users_managed_by(national)
    assert personas.participant not in users_managed_by(national)  # participants are not staff
