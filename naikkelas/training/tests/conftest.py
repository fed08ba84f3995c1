"""Fixtures and helpers shared by the training tests."""

import io
from datetime import date

import pytest
from PIL import Image

from naikkelas.accounts.models import Membership
from naikkelas.programs.models import Level
from naikkelas.selection.services import runs
from naikkelas.selection.tests.services.test_runs import apply, reviewers, score_all
from naikkelas.testing.factories import Personas, UserFactory
from naikkelas.testing.programs import batch, organisation, program_with_levels
from naikkelas.training.services import (
    assignments,
    attendance,
    certificates,
    enrolments,
    graduation,
    schedule,
)


def jpeg(width: int = 3000, height: int = 2000) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


EXECUTABLE = b"MZ\x90\x00" + b"\x00" * 200  # a Windows program, whatever its name says


@pytest.fixture
def with_tasks(running):  # type: ignore[no-untyped-def]
    the_batch, trainer, other_trainer = running
    assert assignments.assignments_create_default(actor=None, batch=the_batch) == 6
    return the_batch, trainer, other_trainer


def participant(the_batch, index: int = 0):  # type: ignore[no-untyped-def]
    return the_batch.enrolments.order_by("id")[index].application.person.user


DAY1 = date(2021, 5, 10)


@pytest.fixture
def running(personas: Personas):  # type: ignore[no-untyped-def]
    return running_batch(personas)


def running_batch(personas: Personas):  # type: ignore[no-untyped-def]
    """A published Semarang batch (10–14 May 2021) with three enrolled, a trainer, and a second batch's trainer."""
    province = organisation("Balatkop Jateng", "33")
    _program, level1, _level2 = program_with_levels(province)
    office = personas.semarang_admin.memberships.get().organisation
    the_batch = batch(level1, office, capacity=3)
    apps = [apply(the_batch, n) for n in range(3)]
    reviewers(the_batch, 2)
    runs.reviews_assign(actor=None, batch=the_batch)
    score_all(the_batch, {a.pk: 5 - i for i, a in enumerate(apps)})
    runs.selection_run(actor=None, batch=the_batch)
    runs.selection_publish(actor=None, batch=the_batch)
    assert enrolments.enrolments_create(actor=None, batch=the_batch) == 3
    trainer = UserFactory.create(username="pelatih")
    Membership.objects.create(user=trainer, organisation=office, role=Membership.Role.TRAINER)
    schedule.trainer_assign(actor=None, batch=the_batch, user=trainer)
    other_batch = batch(level1, office, capacity=3, title="Dasar lain")
    other_trainer = UserFactory.create(username="pelatih_lain")
    schedule.trainer_assign(actor=None, batch=other_batch, user=other_trainer)
    return the_batch, trainer, other_trainer


def _issue_certificates(the_batch) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.training.services import certificates

    the_batch.enrolments.update(graduated=True)
    assert certificates.certificates_issue(actor=None, batch=the_batch) == 3


def graduate_all(the_batch, trainer) -> None:  # type: ignore[no-untyped-def]
    for enrolment in the_batch.enrolments.all():
        for day in schedule.batch_days(the_batch):
            attendance.attendance_mark(actor=trainer, enrolment=enrolment, day=day, present=True)
    graduation.graduation_confirm(actor=trainer, batch=the_batch)


@pytest.fixture
def certified(running):  # type: ignore[no-untyped-def]
    """Two graduates with certificates; the third attended too little."""
    the_batch, trainer, other = running
    enrolments = list(the_batch.enrolments.order_by("id"))
    for index, enrolment in enumerate(enrolments):
        for day in schedule.batch_days(the_batch)[: 5 if index < 2 else 2]:
            attendance.attendance_mark(actor=trainer, enrolment=enrolment, day=day, present=True)
    assert graduation.graduation_confirm(actor=trainer, batch=the_batch) == 2
    assert certificates.certificates_issue(actor=None, batch=the_batch) == 2
    assert certificates.certificates_issue(actor=None, batch=the_batch) == 0
    return the_batch, trainer, other, enrolments


@pytest.fixture
def level(personas: Personas) -> Level:
    _program, level1, _level2 = program_with_levels(personas.province_admin.memberships.get().organisation)
    return level1
