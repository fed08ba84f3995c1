"""Cohorts built by hand: graduates and non-selected applicants with their baselines and follow-ups."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from naikkelas.programs.models import Batch, Level, Program
from naikkelas.regions.models import Region
from naikkelas.registry.models import Enterprise, MetricReport
from naikkelas.selection.models import Application
from naikkelas.testing.factories import EnterpriseFactory, Personas
from naikkelas.testing.programs import batch, organisation, program_with_levels
from naikkelas.training.models import Graduation

JAKARTA = ZoneInfo("Asia/Jakarta")
GRADUATED = date(2021, 5, 21)  # the Dasar batch below ends on 14 May 2021; graduation a week later


@dataclass
class World:
    personas: Personas
    program: Program
    level: Level
    semarang: Batch
    kudus: Batch


def enrol(world: World, *, district: str, omzet: int, aset: int, workers: int, selected: bool = True,
          consent: bool = True, followups: list[tuple[date, int, int, int]] | None = None,
          source: str = MetricReport.Source.FOLLOW_UP, sector: str = "food") -> Enterprise:  # fmt: skip
    enterprise = EnterpriseFactory.create(district=Region.objects.get(code=district), sector=sector)
    baseline = MetricReport.objects.create(
        enterprise=enterprise, period=date(2021, 2, 1), omzet=omzet, aset=aset, workers=workers,
        source=MetricReport.Source.APPLICATION,
    )  # fmt: skip
    the_batch = world.semarang if district.startswith("33.74") else world.kudus
    Application.objects.create(
        batch=the_batch, level=world.level, enterprise=enterprise, person=enterprise.owner, baseline=baseline,
        status=Application.Status.SELECTED if selected else Application.Status.REJECTED, followup_consent=consent,
        consent_purpose="…", consent_version="t", consented_at=datetime(2021, 3, 2, tzinfo=JAKARTA),
        status_nonce=f"n{enterprise.pk}", province_code=enterprise.province_code, regency_code=enterprise.regency_code,
    )  # fmt: skip
    if selected:
        Graduation.objects.create(
            enterprise=enterprise, level=world.level, batch=the_batch, graduated_on=GRADUATED
        )
    for period, o, a, w in followups or []:
        MetricReport.objects.create(
            enterprise=enterprise, period=period, omzet=o, aset=a, workers=w, source=source
        )
    return enterprise


@pytest.fixture
def world(personas: Personas) -> World:
    program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    semarang = batch(level1, organisation("Dinkop Kota Semarang", "33.74"), start=date(2021, 5, 10))
    kudus = batch(level1, organisation("Dinkop Kudus", "33.19"), start=date(2021, 5, 10))
    return World(personas, program, level1, semarang, kudus)
