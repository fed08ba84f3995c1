import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from hypothesis import given
from hypothesis import strategies as st

from naikkelas.mentoring import access, matching, services
from naikkelas.mentoring.models import MentorAssignment
from naikkelas.regions.models import Region
from naikkelas.selection.models import Graduation
from naikkelas.testing.factories import EnterpriseFactory, Personas, UserFactory
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


def graduate(level, district: str = "33.74.01", sector: str = "food"):  # type: ignore[no-untyped-def]
    enterprise = EnterpriseFactory.create(district=Region.objects.get(code=district), sector=sector)
    Graduation.objects.create(enterprise=enterprise, level=level, graduated_on=date(2021, 5, 21))
    return enterprise


@pytest.mark.django_db
def test_graduates_go_to_mentors_of_their_regency_and_gaps_are_reported(personas: Personas) -> None:
    _program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    semarang = Region.objects.get(code="33.74")
    mentor = services.mentor_create(
        actor=None, user=personas.mentor, regency=semarang, sectors=["food"], capacity=2
    )
    first, second, third = (graduate(level1) for _ in range(3))
    graduate(level1, district="33.19.02")  # Kudus has no mentor
    report = services.graduates_match(actor=None)
    assert report.assigned == 2
    assert report.gaps == {"33.74": 1, "33.19": 1}
    assert MentorAssignment.objects.filter(mentor=mentor, ended_at__isnull=True).count() == 2
    mentees = access.assignments_for_user(personas.mentor)
    assert mentees.count() == 2
    assert not access.assignments_for_user(personas.kudus_admin).exists()
    assert access.assignments_for_user(personas.semarang_admin).count() == 2
    with pytest.raises(ValidationError, match="penuh"):
        services.assign(actor=None, enterprise=third, mentor=mentor)


@pytest.mark.django_db
def test_reassignment_needs_a_reason(personas: Personas) -> None:
    _program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    semarang = Region.objects.get(code="33.74")
    first = services.mentor_create(actor=None, user=personas.mentor, regency=semarang, sectors=[], capacity=5)
    second = services.mentor_create(
        actor=None, user=UserFactory.create(), regency=semarang, sectors=[], capacity=5
    )
    enterprise = graduate(level1)
    assignment = services.assign(actor=None, enterprise=enterprise, mentor=first)
    with pytest.raises(ValidationError, match=r"Tuliskan\ alasan\ pemindahan\."):
        services.reassign(actor=None, assignment=assignment, mentor=second, reason="")
    moved = services.reassign(
        actor=None, assignment=assignment, mentor=second, reason="Pendamping pindah tugas"
    )
    assert moved.mentor == second
    assert MentorAssignment.objects.filter(enterprise=enterprise, ended_at__isnull=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_capacity_holds_when_two_matchings_race() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; CI runs this test there")
    _program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    mentor = services.mentor_create(
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
            services.assign(actor=None, enterprise=enterprise, mentor=mentor)
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


@pytest.mark.django_db
def test_pages_show_gaps_to_admins_and_mentees_to_their_mentor(personas: Personas) -> None:
    from django.test import Client
    from django.urls import reverse

    _program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    services.mentor_create(
        actor=None, user=personas.mentor, regency=Region.objects.get(code="33.74"), sectors=[], capacity=1
    )
    graduate(level1)
    graduate(level1)
    admin = Client()
    admin.force_login(personas.semarang_admin)
    assert admin.post(reverse("mentoring:overview")).status_code == 302
    page = admin.get(reverse("mentoring:overview"))
    assert page.context["gaps"] == [("Kota Semarang", 1)]
    mentor = Client()
    mentor.force_login(personas.mentor)
    assert len(mentor.get(reverse("mentoring:mine")).context["page"]) == 1
    assert mentor.post(reverse("mentoring:overview")).status_code == 403
    participant = Client()
    participant.force_login(personas.participant)
    assert participant.get(reverse("mentoring:overview")).status_code == 403


@pytest.mark.django_db
def test_mentors_and_assignments_in_the_api(personas: Personas) -> None:
    from django.test import Client

    from naikkelas.accounts.services.tokens import api_token_create

    _program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    services.mentor_create(
        actor=None,
        user=personas.mentor,
        regency=Region.objects.get(code="33.74"),
        sectors=["food"],
        capacity=3,
    )
    graduate(level1)
    services.graduates_match(actor=None)
    admin = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.semarang_admin)}"})
    mentors = admin.get("/api/v1/mentors").json()
    assert mentors["count"] == 1 and mentors["items"][0]["regency_code"] == "33.74"
    kudus = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.kudus_admin)}"})
    assert kudus.get("/api/v1/mentors").json()["count"] == 0
    assert kudus.get("/api/v1/mentor-assignments").json()["count"] == 0
    mentor = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.mentor)}"})
    assert mentor.get("/api/v1/mentor-assignments", {"active": "true"}).json()["count"] == 1


@pytest.mark.django_db(transaction=True)
def test_two_matchings_of_the_same_regency_at_once_never_exceed_capacity() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; CI runs this test there")
    _program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    mentor = services.mentor_create(
        actor=None,
        user=UserFactory.create(),
        regency=Region.objects.get(code="33.74"),
        sectors=[],
        capacity=2,
    )
    for _ in range(3):
        graduate(level1)
    barrier = threading.Barrier(2)
    reports: list[services.MatchReport] = []

    def run() -> None:
        try:
            barrier.wait()
            reports.append(services.graduates_match(actor=None, regency_codes=["33.74"]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert MentorAssignment.objects.filter(mentor=mentor, ended_at__isnull=True).count() == 2
    assert sum(r.assigned for r in reports) == 2
