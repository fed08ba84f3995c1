import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from naikkelas.selection.models import Application
from naikkelas.selection.services import pathway
from naikkelas.testing.factories import Personas
from naikkelas.testing.graduations import graduate

pytestmark = pytest.mark.django_db


def test_graduates_are_nominated_and_pass_the_previous_level_rule(
    graduated_semarang, personas: Personas
) -> None:  # type: ignore[no-untyped-def]
    first, second, apps = graduated_semarang
    selected = [a for a in apps if a.pk in {apps[0].pk, apps[1].pk}]
    for a in selected:
        a.refresh_from_db()
    graduate(batch=first, applications=selected)
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
    graduate(batch=first, applications=[apps[0]])
    with pytest.raises(ValidationError, match="belum tercatat lulus"):
        pathway.nominate(actor=personas.semarang_admin, organisation=first.organiser, from_batch=first,
                         to_batch=second, applications=[apps[0], apps[1]])  # fmt: skip
    assert not Application.objects.filter(batch=second).exists()


def test_only_the_offices_admin_nominates(graduated_semarang, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    first, second, apps = graduated_semarang
    with pytest.raises(PermissionDenied):
        pathway.nominate(actor=personas.kudus_admin, organisation=first.organiser, from_batch=first,
                         to_batch=second, applications=[])  # fmt: skip
