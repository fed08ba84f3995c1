"""Matching graduates to mentors: the pure choice, regencies and gaps, reasons and capacity under races."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from hypothesis import given
from hypothesis import strategies as st

from naikkelas.mentoring import access
from naikkelas.mentoring.models import MentorAssignment
from naikkelas.mentoring.services import matching, mentors
from naikkelas.mentoring.tests.conftest import graduate
from naikkelas.regions.models import Region
from naikkelas.testing.factories import Personas, UserFactory
from naikkelas.testing.programs import organisation, program_with_levels


def c(id: int, sectors: set[str], load: int, capacity: int = 3) -> matching.Candidate:
    return matching.Candidate(id, frozenset(sectors), load, capacity)


def test_prefers_a_sector_match_then_the_lightest_load() -> None:
    sector_match = matching.choose([c(1, {"food"}, 2), c(2, {"craft"}, 0), c(3, {"food"}, 1)], "food")
    assert sector_match is not None and sector_match.id == 3
    lightest = matching.choose([c(1, {"craft"}, 2), c(2, {"craft"}, 0)], "food")
    assert lightest is not None and lightest.id == 2
    assert matching.choose([c(1, {"food"}, 3)], "food") is None  # full


@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(1, 5), st.booleans()), max_size=20),
    st.sampled_from(["food", "craft"]),
)
def test_never_chooses_a_full_mentor(rows, sector) -> None:  # type: ignore[no-untyped-def]
    candidates = [
        c(i, {"food"} if match else {"craft"}, min(load, cap), cap)
        for i, (load, cap, match) in enumerate(rows)
    ]
    chosen = matching.choose(candidates, sector)
    free = [x for x in candidates if x.load < x.capacity]
    assert (chosen is None) == (not free)
    if chosen is not None:
        assert chosen.load < chosen.capacity


@pytest.mark.django_db
def test_graduates_go_to_mentors_of_their_regency_and_gaps_are_reported(personas: Personas) -> None:
    _program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    semarang = Region.objects.get(code="33.74")
    mentor = mentors.mentor_create(
        actor=None, user=personas.mentor, regency=semarang, sectors=["food"], capacity=2
    )
    first, second, third = (graduate(level1) for _ in range(3))
    graduate(level1, district="33.19.02")  # Kudus has no mentor
    report = matching.graduates_match(actor=None)
    assert report.assigned == 2
    assert report.gaps == {"33.74": 1, "33.19": 1}
    assert MentorAssignment.objects.filter(mentor=mentor, ended_at__isnull=True).count() == 2
    mentees = access.assignments_for_user(personas.mentor)
    assert mentees.count() == 2
    assert not access.assignments_for_user(personas.kudus_admin).exists()
    assert access.assignments_for_user(personas.semarang_admin).count() == 2
    with pytest.raises(ValidationError, match="penuh"):
        matching.assign(actor=None, enterprise=third, mentor=mentor)


@pytest.mark.django_db
def test_reassignment_needs_a_reason(personas: Personas) -> None:
    _program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    semarang = Region.objects.get(code="33.74")
    first = mentors.mentor_create(actor=None, user=personas.mentor, regency=semarang, sectors=[], capacity=5)
    second = mentors.mentor_create(
        actor=None, user=UserFactory.create(), regency=semarang, sectors=[], capacity=5
    )
    enterprise = graduate(level1)
    assignment = matching.assign(actor=None, enterprise=enterprise, mentor=first)
    with pytest.raises(ValidationError, match=r"Tuliskan\ alasan\ pemindahan\."):
        matching.reassign(actor=None, assignment=assignment, mentor=second, reason="")
    moved = matching.reassign(
        actor=None, assignment=assignment, mentor=second, reason="Pendamping pindah tugas"
    )
    assert moved.mentor == second
    assert MentorAssignment.objects.filter(enterprise=enterprise, ended_at__isnull=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_capacity_holds_when_two_matchings_race() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; CI runs this test there")
    _program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    mentor = mentors.mentor_create(
        actor=None,
        user=UserFactory.create(),
        regency=Region.objects.get(code="33.74"),
        sectors=[],
        capacity=1,
    )
    enterprises = [graduate(level1) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def take(enterprise) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            matching.assign(actor=None, enterprise=enterprise, mentor=mentor)
            outcomes.append("assigned")
        except ValidationError:
            outcomes.append("full")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(e,)) for e in enterprises]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["assigned", "full"]
    assert MentorAssignment.objects.filter(mentor=mentor, ended_at__isnull=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_matchings_of_the_same_regency_at_once_never_exceed_capacity() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; CI runs this test there")
    _program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    mentor = mentors.mentor_create(
        actor=None,
        user=UserFactory.create(),
        regency=Region.objects.get(code="33.74"),
        sectors=[],
        capacity=2,
    )
    for _ in range(3):
        graduate(level1)
    barrier = threading.Barrier(2)
    reports: list[matching.MatchReport] = []

    def run() -> None:
        try:
            barrier.wait()
            reports.append(matching.graduates_match(actor=None, regency_codes=["33.74"]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert MentorAssignment.objects.filter(mentor=mentor, ended_at__isnull=True).count() == 2
    assert sum(r.assigned for r in reports) == 2
