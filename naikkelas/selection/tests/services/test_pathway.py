import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from naikkelas.selection.models import Application, Graduation
from naikkelas.selection.services import pathway, runs
from naikkelas.selection.tests.services.test_runs import apply, reviewers, score_all
from naikkelas.testing.factories import Personas
from naikkelas.testing.programs import batch, organisation, program_with_levels

pytestmark = pytest.mark.django_db


@pytest.fixture
def graduated_semarang(personas: Personas):  # type: ignore[no-untyped-def]
    """A published Semarang level-1 batch with two selected, and a province level-2 batch."""
    from datetime import date

    province = organisation("Balatkop Jateng", "33")
    _program, level1, level2 = program_with_levels(province)
    level2.requires_nib = False
    level2.save(update_fields=["requires_nib"])
    office = personas.semarang_admin.memberships.get().organisation
    first = batch(level1, office, capacity=2)
    apps = [apply(first, n) for n in range(3)]
    reviewers(first, 2)
    runs.reviews_assign(actor=None, batch=first)
    score_all(first, {apps[0].pk: 5, apps[1].pk: 4, apps[2].pk: 2})
    runs.selection_run(actor=None, batch=first)
    runs.selection_publish(actor=None, batch=first)
    second = batch(level2, province, capacity=10, opens=date(2021, 6, 1), closes=date(2021, 7, 15),
                   start=date(2021, 8, 9), title="Menengah 2021")  # fmt: skip
    return first, second, apps


def test_graduates_are_nominated_and_pass_the_previous_level_rule(
    graduated_semarang, personas: Personas
) -> None:  # type: ignore[no-untyped-def]
    first, second, apps = graduated_semarang
    selected = [a for a in apps if a.pk in {apps[0].pk, apps[1].pk}]
    for a in selected:
        a.refresh_from_db()
    assert pathway.graduations_record(actor=personas.semarang_admin, batch=first, applications=selected) == 2
    created = pathway.nominate(
        actor=personas.semarang_admin, organisation=first.organiser, from_batch=first, to_batch=second,
        applications=selected,
    )  # fmt: skip
    assert len(created) == 2
    nominee = created[0]
    assert nominee.nominated_by == first.organiser and nominee.batch == second
    rules = {r["rule"]: r["passed"] for r in nominee.eligibility}
    assert rules["previous_level"] and rules["not_graduated"]


def test_nominating_a_non_graduate_is_refused_and_writes_nothing(
    graduated_semarang, personas: Personas
) -> None:  # type: ignore[no-untyped-def]
    first, second, apps = graduated_semarang
    apps[0].refresh_from_db()
    apps[1].refresh_from_db()
    pathway.graduations_record(actor=None, batch=first, applications=[apps[0]])
    with pytest.raises(ValidationError, match="belum tercatat lulus"):
        pathway.nominate(actor=personas.semarang_admin, organisation=first.organiser, from_batch=first,
                         to_batch=second, applications=[apps[0], apps[1]])  # fmt: skip
    assert not Application.objects.filter(batch=second).exists()


def test_only_the_offices_admin_nominates(graduated_semarang, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    first, second, apps = graduated_semarang
    with pytest.raises(PermissionDenied):
        pathway.nominate(actor=personas.kudus_admin, organisation=first.organiser, from_batch=first,
                         to_batch=second, applications=[])  # fmt: skip


def test_unselected_applicant_cannot_graduate(graduated_semarang) -> None:  # type: ignore[no-untyped-def]
    first, _second, apps = graduated_semarang
    apps[2].refresh_from_db()
    with pytest.raises(ValidationError, match=r"Hanya\ peserta\ terpilih\ angkatan\ ini\ yang\ dapat"):
        pathway.graduations_record(actor=None, batch=first, applications=[apps[2]])
    assert not Graduation.objects.exists()
