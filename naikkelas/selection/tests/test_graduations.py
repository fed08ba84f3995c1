"""The graduations selection asks about: training answers; with no answer registered nobody graduated."""

from datetime import date

import pytest

from naikkelas.registry.models import Enterprise, Person
from naikkelas.selection import graduations
from naikkelas.testing.factories import Personas
from naikkelas.testing.programs import organisation, program_with_levels
from naikkelas.training.models import Graduation

pytestmark = pytest.mark.django_db


def test_training_answers_who_graduated_from_which_level(personas: Personas) -> None:
    _program, level1, level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    semarang, kudus = personas.semarang_enterprise, personas.kudus_enterprise
    Graduation.objects.create(enterprise=semarang, level=level1, graduated_on=date(2021, 5, 14))
    Graduation.objects.create(enterprise=kudus, level=level2, graduated_on=date(2021, 9, 3))
    from_level1 = Enterprise.objects.filter(graduations.graduated_q("pk", level_ids=[level1.pk]))
    assert list(from_level1) == [semarang]
    assert set(Enterprise.objects.filter(graduations.graduated_q("pk"))) == {semarang, kudus}
    assert list(Person.objects.exclude(graduations.graduated_q("enterprises__id")).filter(
        pk__in=[semarang.owner_id, kudus.owner_id]
    )) == []  # fmt: skip
    (fact,) = graduations.graduations_of(kudus.pk)
    assert (fact.level_id, fact.rank, fact.graduated_on) == (level2.pk, 2, date(2021, 9, 3))
    assert graduations.graduated_from(semarang.pk, level1.pk) is not None
    assert graduations.graduated_from(semarang.pk, level2.pk) is None
    assert [f.enterprise_id for f in graduations.graduations_from(level1.pk)] == [semarang.pk]


def test_without_an_answer_nobody_graduated(personas: Personas) -> None:
    _program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    enterprise = personas.semarang_enterprise
    Graduation.objects.create(enterprise=enterprise, level=level1, graduated_on=date(2021, 5, 14))
    answer = dict(graduations.sources.items())["training"]
    graduations.sources.unregister("training")
    try:
        assert not Enterprise.objects.filter(graduations.graduated_q("pk")).exists()
        assert Enterprise.objects.exclude(graduations.graduated_q("pk")).filter(pk=enterprise.pk).exists()
        assert graduations.graduations_of(enterprise.pk) == []
    finally:
        graduations.sources.register("training", answer)
    assert graduations.graduated_from(enterprise.pk, level1.pk) is not None
