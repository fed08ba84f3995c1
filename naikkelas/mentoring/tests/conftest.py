"""Fixtures and helpers shared by the mentoring tests: the outbox gateway, a mentee, consultations,
follow-ups and mentors."""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from naikkelas.accounts.models import User
from naikkelas.mentoring.models import (
    Consultation,
    FollowUp,
)
from naikkelas.mentoring.services import consultations, followups
from naikkelas.notify.gateways import FakeGateway
from naikkelas.regions.models import Region
from naikkelas.selection.models import Graduation
from naikkelas.testing.factories import EnterpriseFactory, Personas
from naikkelas.testing.mentoring import GRADUATED, Mentee, make_mentee

__all__ = ["GRADUATED", "Mentee"]


@pytest.fixture(autouse=True)
def fake_gateway():  # type: ignore[no-untyped-def]
    FakeGateway.reset()
    yield FakeGateway
    FakeGateway.reset()


@pytest.fixture
def mentee(personas: Personas) -> Mentee:
    return make_mentee(personas)


JAKARTA = ZoneInfo("Asia/Jakarta")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=JAKARTA)


def open_one(mentee: Mentee, on: date = date(2021, 6, 4)) -> Consultation:
    return consultations.consultation_open(
        actor=mentee.personas.participant, enterprise=mentee.enterprise, category="marketing",
        description="Penjualan bandeng presto turun sejak bulan lalu.", now=at(on),
    )  # fmt: skip


def _colleague(username: str, regency: str) -> Any:
    from naikkelas.mentoring.services import mentors
    from naikkelas.regions.models import Region
    from naikkelas.testing.factories import UserFactory

    user = UserFactory.create(username=username, first_name=username.title(), email=f"{username}@example.id")
    return mentors.mentor_create(
        actor=None, user=user, regency=Region.objects.get(code=regency), sectors=["food"], capacity=5
    )


def client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def due(mentee: Mentee) -> FollowUp:
    followups.followups_schedule(program=mentee.program)
    return FollowUp.objects.get(enterprise=mentee.enterprise, month_offset=3)


def keep_link_alive(followup: FollowUp) -> None:
    """The 2021 follow-ups' links expired long ago; the page tests need one that still works today."""
    followup.link_expires_on = date.today() + timedelta(days=30)
    followup.save(update_fields=["link_expires_on"])


def graduate(level, district: str = "33.74.01", sector: str = "food"):  # type: ignore[no-untyped-def]
    enterprise = EnterpriseFactory.create(district=Region.objects.get(code=district), sector=sector)
    Graduation.objects.create(enterprise=enterprise, level=level, graduated_on=date(2021, 5, 21))
    return enterprise
