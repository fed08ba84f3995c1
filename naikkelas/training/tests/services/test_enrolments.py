"""The roster: enrolment needs a published selection; a dropout after the start keeps the seat empty."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from naikkelas.testing.factories import Personas
from naikkelas.testing.programs import batch, organisation, program_with_levels
from naikkelas.training.models import Enrolment
from naikkelas.training.services import enrolments

pytestmark = pytest.mark.django_db


def test_dropping_out_after_the_start_keeps_the_seat_empty(running, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other = running
    enrolment = the_batch.enrolments.first()
    with pytest.raises(ValidationError, match=r"Tuliskan\ alasan\ peserta\ keluar\."):
        enrolments.enrolment_drop(actor=None, enrolment=enrolment, reason=" ")
    assert (
        enrolments.enrolment_drop(actor=None, enrolment=enrolment, reason="Sakit", today=date(2021, 5, 11))
        is None
    )
    enrolment.refresh_from_db()
    assert enrolment.status == "dropped"
    assert Enrolment.objects.filter(batch=the_batch, status="active").count() == 2


def test_enrolment_needs_a_published_selection(personas: Personas) -> None:
    province = organisation("Balatkop Jateng", "33")
    _program, level1, _level2 = program_with_levels(province)
    office = personas.semarang_admin.memberships.get().organisation
    unpublished = batch(level1, office)
    with pytest.raises(ValidationError, match=r"Umumkan\ hasil\ seleksi\ dulu;\ peserta\ diambil"):
        enrolments.enrolments_create(actor=None, batch=unpublished)
    assert not Enrolment.objects.filter(batch=unpublished).exists()
