"""Training's reads that apps below it ask for (registered in TrainingConfig.ready()): the graduations
selection asks about (`selection/graduations.py`), and whether an enterprise graduated (a deletion blocker
for registry)."""

from collections.abc import Collection
from typing import Any

from django.db.models import QuerySet

from naikkelas.registry.models import Enterprise
from naikkelas.selection.graduations import GraduationFact, GraduationSource
from naikkelas.training.models import Graduation


def graduated_enterprise_ids(
    *, level_ids: Collection[int] | None = None, program_id: int | None = None, batch_id: int | None = None
) -> QuerySet[Any]:
    """The ids of the enterprises that graduated (from one of `level_ids`, from a level of `program_id`, in
    `batch_id`), as a subquery, so `filter(enterprise_id__in=…)` stays one SQL statement."""
    graduations = Graduation.objects.all()
    if level_ids is not None:
        graduations = graduations.filter(level_id__in=list(level_ids))
    if program_id is not None:
        graduations = graduations.filter(level__program_id=program_id)
    if batch_id is not None:
        graduations = graduations.filter(batch_id=batch_id)
    return graduations.values("enterprise_id")


def _facts(graduations: QuerySet[Graduation]) -> list[GraduationFact]:
    rows = graduations.order_by("id").values_list(
        "enterprise_id", "level_id", "level__rank", "level__program_id", "batch_id", "graduated_on"
    )
    return [GraduationFact(*row) for row in rows]


def graduations_of(enterprise_id: int) -> list[GraduationFact]:
    return _facts(Graduation.objects.filter(enterprise_id=enterprise_id))


def graduations_from(level_id: int) -> list[GraduationFact]:
    return _facts(Graduation.objects.filter(level_id=level_id))


def graduations_in_program(program_id: int) -> list[GraduationFact]:
    return _facts(Graduation.objects.filter(level__program_id=program_id))


def enterprise_graduated(enterprise: Enterprise) -> bool:
    """A graduate's enterprise stays: the pathway and the cohort report count it (a deletion blocker)."""
    return Graduation.objects.filter(enterprise=enterprise).exists()


GRADUATIONS = GraduationSource(
    enterprise_ids=graduated_enterprise_ids,
    of_enterprise=graduations_of,
    of_level=graduations_from,
    of_program=graduations_in_program,
)
