"""Builders for programs, levels and batches in tests."""

from datetime import date

from naikkelas.accounts.models import Organisation
from naikkelas.programs.models import Batch, Level, Program, Tier
from naikkelas.programs.services.batches import batch_create
from naikkelas.programs.services.levels import level_create
from naikkelas.programs.services.programs import program_create
from naikkelas.regions.models import Region


def organisation(name: str, region_code: str) -> Organisation:
    region = Region.objects.get(code=region_code)
    kind = (
        Organisation.Kind.PROVINCE_CENTRE if region.kind == "province" else Organisation.Kind.REGENCY_OFFICE
    )
    found, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "region": region})
    return found


def program_with_levels(owner: Organisation, year: int = 2021) -> tuple[Program, Level, Level]:
    program = program_create(actor=None, name="Pelatihan Berjenjang", year=year, owner=owner)
    level1 = level_create(
        actor=None, program=program, rank=1, name="Dasar", tier=Tier.REGENCY,
        motivation_questions=["Apa yang ingin Anda kembangkan?"],
    )  # fmt: skip
    level2 = level_create(
        actor=None, program=program, rank=2, name="Menengah", tier=Tier.PROVINCE, requires_nib=True
    )
    return program, level1, level2


def batch(level: Level, organiser: Organisation, *, capacity: int = 20, opens: date = date(2021, 3, 1),
          closes: date = date(2021, 3, 31), start: date = date(2021, 5, 10), title: str = "") -> Batch:  # fmt: skip
    return batch_create(
        actor=None, level=level, organiser=organiser, title=title or f"{level.name} {organiser.name}",
        venue="Semarang", start_date=start, capacity=capacity, opens_on=opens, closes_on=closes,
    )  # fmt: skip
