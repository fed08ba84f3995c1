"""The schedule: a batch copies its level's session templates onto consecutive days."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from naikkelas.training.services import schedule

pytestmark = pytest.mark.django_db


def test_schedule_copies_the_levels_templates_onto_consecutive_days(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other = running
    assert schedule.schedule_create(actor=None, batch=the_batch) == 10
    assert sorted({s.date for s in the_batch.sessions.all()}) == [date(2021, 5, d) for d in range(10, 15)]
    with pytest.raises(ValidationError, match=r"Jadwal\ angkatan\ ini\ sudah\ dibuat\."):
        schedule.schedule_create(actor=None, batch=the_batch)
