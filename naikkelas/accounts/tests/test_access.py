import pytest

from naikkelas.accounts.access import scope_for_user
from naikkelas.registry import access as registry_access
from naikkelas.registry.models import Person
from naikkelas.testing.factories import Personas, PersonFactory

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
