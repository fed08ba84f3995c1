"""What selection asks about graduations, which training records.

Graduation is a training fact (`training.models.Graduation`, written only by
`training/services/graduation.py`), but selection needs it: the previous-level rule of eligibility, the
nominations of a batch's graduates, the pathway panel and page, and data retention (a graduate's data
stays). Selection sits below training and never imports it, so it declares the questions here and
training answers them in `TrainingConfig.ready()` (see `core.providers`). With no answer registered,
nobody has graduated.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from django.db.models import Q, QuerySet

from naikkelas.core.providers import Providers


@dataclass(frozen=True)
class GraduationFact:
    """One graduation: which enterprise, from which level (its rank and program), in which batch, when."""

    enterprise_id: int
    level_id: int
    rank: int
    program_id: int
    batch_id: int | None
    graduated_on: date


class GraduatedEnterprises(Protocol):
    def __call__(
        self,
        *,
        level_ids: Collection[int] | None = None,
        program_id: int | None = None,
        batch_id: int | None = None,
    ) -> QuerySet[Any]: ...


@dataclass(frozen=True)
class GraduationSource:
    # the ids of the enterprises that graduated, as a subquery (`values("enterprise_id")`)
    enterprise_ids: GraduatedEnterprises
    # every graduation of one enterprise
    of_enterprise: Callable[[int], list[GraduationFact]]
    # every graduation from one level, in the order they were recorded
    of_level: Callable[[int], list[GraduationFact]]
    # every graduation from a level of one program, in the order they were recorded
    of_program: Callable[[int], list[GraduationFact]]


sources: Providers[GraduationSource] = Providers("graduations: who graduated from which level")


def graduated_q(
    field: str = "enterprise_id",
    *,
    level_ids: Collection[int] | None = None,
    program_id: int | None = None,
    batch_id: int | None = None,
) -> Q:
    """A filter for rows whose `field` (an enterprise id) graduated, optionally from one of `level_ids`,
    from a level of `program_id` or in `batch_id`: `Application.objects.filter(graduated_q(level_ids=[…]))`,
    `Person.objects.exclude(graduated_q("enterprises__id"))`. One SQL statement; matches nothing when no
    app answers."""
    condition = Q(pk__in=[])
    for source in sources:
        ids = source.enterprise_ids(level_ids=level_ids, program_id=program_id, batch_id=batch_id)
        condition |= Q(**{f"{field}__in": ids})
    return condition


def graduations_of(enterprise_id: int) -> list[GraduationFact]:
    """Every graduation of an enterprise, in level order."""
    facts = [fact for source in sources for fact in source.of_enterprise(enterprise_id)]
    return sorted(facts, key=lambda fact: (fact.program_id, fact.rank, fact.level_id))


def graduations_from(level_id: int) -> list[GraduationFact]:
    """Every graduation from a level, in the order they were recorded."""
    return [fact for source in sources for fact in source.of_level(level_id)]


def graduations_in_program(program_id: int) -> list[GraduationFact]:
    """Every graduation from a level of a program, in the order they were recorded."""
    return [fact for source in sources for fact in source.of_program(program_id)]


def graduated_from(enterprise_id: int, level_id: int) -> GraduationFact | None:
    """The enterprise's graduation from that level, or None."""
    return next((fact for fact in graduations_of(enterprise_id) if fact.level_id == level_id), None)
