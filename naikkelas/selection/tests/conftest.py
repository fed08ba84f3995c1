"""Fixtures shared by the selection tests; helpers stay in the module that defines them."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from naikkelas.programs.models import Batch
from naikkelas.selection.services import runs
from naikkelas.selection.tests.services.test_paper_applications import _open, _written
from naikkelas.selection.tests.services.test_runs import apply, reviewers, score_all
from naikkelas.testing.factories import Personas
from naikkelas.testing.programs import batch, organisation, program_with_levels


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


@pytest.fixture
def open_batch(personas: Personas):  # type: ignore[no-untyped-def]
    """A level-1 batch of Kota Semarang whose window is open today; the Semarang admin organises it."""
    today = timezone.localdate()
    province = organisation("Balatkop Jateng", "33")
    _program, level1, _level2 = program_with_levels(province)
    semarang_office = personas.semarang_admin.memberships.get().organisation
    return batch(level1, semarang_office, opens=today - timedelta(days=3), closes=today + timedelta(days=10),
                 start=today + timedelta(days=20), capacity=1)  # fmt: skip


@pytest.fixture
def level1_batch():  # type: ignore[no-untyped-def]
    province = organisation("Balatkop Jateng", "33")
    semarang = organisation("Dinkop Kota Semarang", "33.74")
    _program, level1, _level2 = program_with_levels(province)
    return batch(level1, semarang, capacity=2)


@pytest.fixture
def april_2021(monkeypatch):  # type: ignore[no-untyped-def]
    """Today is 20 April 2021: results published, training (from 10 May) not started."""
    from django.utils import timezone

    real = timezone.localdate
    monkeypatch.setattr(
        timezone, "localdate", lambda value=None, *args, **kwargs: real(value) if value else date(2021, 4, 20)
    )


@pytest.fixture
def batches(personas: Personas) -> dict[str, Batch]:
    """Open level-1 batches of the Semarang and the Kudus admins' own offices, and a province batch."""
    province = organisation("Balatkop Jateng", "33")
    _program, level1, level2 = program_with_levels(province)
    return {
        "semarang": _open(level1, personas.semarang_admin.memberships.get().organisation, "Dasar Semarang"),
        "kudus": _open(level1, personas.kudus_admin.memberships.get().organisation, "Dasar Kudus"),
        "province": _open(level2, personas.province_admin.memberships.get().organisation, "Menengah"),
    }


@pytest.fixture
def start(batches: dict[str, Batch]) -> tuple[int, ...]:
    """What the personas and batches wrote: a refused form must leave exactly this."""
    return _written()
