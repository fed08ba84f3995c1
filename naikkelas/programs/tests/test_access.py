"""The programs door's predicates: who creates programs, who opens batches, who runs an organiser's."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from naikkelas.accounts.models import Membership, Organisation
from naikkelas.programs import access
from naikkelas.testing.factories import Personas
from naikkelas.testing.programs import batch, program_with_levels

pytestmark = pytest.mark.django_db


def _office(user: object) -> Organisation:
    return user.memberships.get().organisation  # type: ignore[attr-defined,no-any-return]


def test_province_centre_admins_create_programs_and_regency_admins_do_not(personas: Personas) -> None:
    access.require_program_owner(personas.province_admin)
    for user in (personas.semarang_admin, personas.viewer, personas.mentor, personas.participant):
        assert not access.can_create_programs(user)
        with pytest.raises(PermissionDenied):
            access.require_program_owner(user)


def test_office_admins_open_batches_others_get_403(personas: Personas) -> None:
    access.require_batch_organiser(personas.semarang_admin)
    access.require_batch_organiser(personas.province_admin)
    for user in (personas.viewer, personas.mentor, personas.outsider):
        with pytest.raises(PermissionDenied):
            access.require_batch_organiser(user)


def test_a_batch_is_run_by_its_organisers_admins_seen_by_others_absent_outside(personas: Personas) -> None:
    _program, level1, _level2 = program_with_levels(_office(personas.province_admin))
    semarang = batch(level1, _office(personas.semarang_admin))
    access.require_manage(personas.semarang_admin, semarang.organiser)
    assert access.get_batch_for_user(personas.semarang_admin, semarang.pk, write=True) == semarang
    with pytest.raises(PermissionDenied):  # the province sees the Semarang batch; its office runs it
        access.get_batch_for_user(personas.province_admin, semarang.pk, write=True)
    with pytest.raises(PermissionDenied):
        access.get_batch_for_user(personas.viewer, semarang.pk, write=True)
    with pytest.raises(Http404):
        access.get_batch_for_user(personas.kudus_admin, semarang.pk, write=True)
    Membership.objects.create(
        user=personas.mentor, organisation=_office(personas.semarang_admin), role=Membership.Role.VIEWER
    )
    with pytest.raises(PermissionDenied):  # a viewer of the very office runs nothing
        access.require_manage(personas.mentor, semarang.organiser)
