"""Mentoring's reads: the gaps (graduates without a mentor), the consultation queue and its counts, and
whether an enterprise is in mentoring's records, each scoped to the reader."""

from datetime import date

import pytest

from naikkelas.mentoring import selectors
from naikkelas.mentoring.models import Consultation
from naikkelas.mentoring.tests.conftest import Mentee, open_one
from naikkelas.selection.models import Graduation

pytestmark = pytest.mark.django_db


def test_gaps_count_the_graduates_without_a_mentor_in_the_readers_regions(mentee: Mentee) -> None:
    kudus = mentee.personas.kudus_enterprise
    Graduation.objects.create(enterprise=kudus, level=mentee.level, graduated_on=date(2021, 5, 14))
    personas = mentee.personas
    # the Semarang graduate has the mentor; the Kudus graduate has none
    assert selectors.gaps(personas.semarang_admin) == []
    assert selectors.gaps(personas.kudus_admin) == [("33.19", 1)]
    assert selectors.gaps(personas.province_admin) == [("33.19", 1)]
    assert selectors.gaps(personas.outsider) == []


def test_the_queue_puts_the_earliest_deadline_first_and_counts_what_waits(mentee: Mentee) -> None:
    later = open_one(mentee, on=date(2021, 6, 10))
    earlier = open_one(mentee, on=date(2021, 6, 4))
    answered = open_one(mentee, on=date(2021, 6, 1))
    Consultation.objects.filter(pk=answered.pk).update(status=Consultation.Status.ANSWERED)
    queue = list(selectors.consultation_queue(mentee.personas.mentor))
    assert [c.pk for c in queue] == [earlier.pk, later.pk, answered.pk]
    assert [c.overdue for c in queue] == [True, True, False]  # type: ignore[attr-defined]  # 2021's deadlines are long past
    assert [c.pk for c in selectors.consultation_queue(mentee.personas.mentor, status="answered")] == [
        answered.pk
    ]
    counts = selectors.consultation_counts(mentee.personas.mentor)
    assert counts == {"open": 2, "due_today": 0, "overdue": 2, "escalated": 0}
    assert selectors.consultation_counts(mentee.personas.kudus_admin) == {
        "open": 0,
        "due_today": 0,
        "overdue": 0,
        "escalated": 0,
    }


def test_an_enterprise_took_part_once_it_is_mentored(mentee: Mentee) -> None:
    assert selectors.enterprise_took_part(mentee.enterprise)
    assert not selectors.enterprise_took_part(mentee.personas.kudus_enterprise)
