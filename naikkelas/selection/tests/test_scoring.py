from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naikkelas.selection.scoring import (
    Candidate,
    disagree,
    mean_score,
    next_from_waitlist,
    rank,
    weighted_total,
)

T0 = datetime(2021, 3, 1, 8, 0)
RUBRIC = [("growth", 30), ("commitment", 30), ("product", 20), ("readiness", 20)]


def c(id: int, score: str, minutes: int = 0, regency: str = "33.74") -> Candidate:
    return Candidate(
        id=id, score=Decimal(score), submitted_at=T0 + timedelta(minutes=minutes), regency_code=regency
    )


def test_weighted_total_uses_the_weights() -> None:
    assert weighted_total({"growth": 5, "commitment": 5, "product": 1, "readiness": 1}, RUBRIC) == Decimal(
        "3.40"
    )
    with pytest.raises(ValueError):
        weighted_total({"growth": 5}, RUBRIC)
    with pytest.raises(ValueError):
        weighted_total({"growth": 6, "commitment": 5, "product": 1, "readiness": 1}, RUBRIC)


def test_mean_and_disagreement() -> None:
    assert mean_score([Decimal("3.40"), Decimal("4.00")]) == Decimal("3.70")
    assert mean_score([]) is None
    assert disagree([Decimal("2.00"), Decimal("3.50")], Decimal("1.00"))
    assert not disagree([Decimal("2.00"), Decimal("3.00")], Decimal("1.00"))


def test_capacity_then_waitlist_then_rejected() -> None:
    outcome = rank(
        [c(1, "4"), c(2, "3"), c(3, "5"), c(4, "2"), c(5, "1")], capacity=2, quotas={}, waitlist_size=2
    )
    assert outcome.selected == [3, 1]
    assert outcome.waitlisted == [2, 4]
    assert outcome.rejected == [5]
    assert outcome.rank == {3: 1, 1: 2, 2: 3, 4: 4, 5: 5}


def test_ties_go_to_the_earlier_submission_then_the_lower_number() -> None:
    outcome = rank(
        [c(7, "4", minutes=5), c(8, "4", minutes=1), c(6, "4", minutes=5)],
        capacity=1,
        quotas={},
        waitlist_size=5,
    )
    assert outcome.selected == [8]
    assert outcome.waitlisted == [6, 7]


def test_quota_caps_a_regency_and_passes_the_seat_on() -> None:
    candidates = [c(1, "5", regency="33.74"), c(2, "4.9", regency="33.74"), c(3, "3", regency="33.19")]
    outcome = rank(candidates, capacity=2, quotas={"33.74": 1}, waitlist_size=5)
    assert outcome.selected == [1, 3]
    assert outcome.waitlisted == [2] and outcome.quota_blocked == {2}


def test_waitlist_promotion_respects_quota() -> None:
    waitlist = [c(2, "4.9", regency="33.74"), c(4, "2", regency="33.19")]
    chosen = next_from_waitlist(waitlist, selected_by_regency={"33.74": 1}, quotas={"33.74": 1})
    assert chosen is not None and chosen.id == 4
    assert next_from_waitlist(waitlist, selected_by_regency={}, quotas={}).id == 2  # type: ignore[union-attr]


@given(
    st.lists(
        st.tuples(st.integers(100, 500), st.integers(0, 1000), st.sampled_from(["33.74", "33.19", "33.01"])),
        max_size=60,
    ),
    st.integers(1, 20),
    st.integers(0, 20),
    st.integers(1, 5),
)
def test_seats_never_exceed_capacity_or_quota_and_everyone_has_one_outcome(
    rows, capacity, waitlist, quota
) -> None:  # type: ignore[no-untyped-def]
    candidates = [
        Candidate(id=i, score=Decimal(s) / 100, submitted_at=T0 + timedelta(seconds=t), regency_code=r)
        for i, (s, t, r) in enumerate(rows)
    ]
    outcome = rank(candidates, capacity=capacity, quotas={"33.74": quota}, waitlist_size=waitlist)
    assert len(outcome.selected) <= capacity
    assert sum(1 for i in outcome.selected if candidates[i].regency_code == "33.74") <= quota
    assert len(outcome.waitlisted) <= waitlist
    every = outcome.selected + outcome.waitlisted + outcome.rejected
    assert sorted(every) == list(range(len(candidates)))
    selected_scores = [candidates[i].score for i in outcome.selected]
    assert selected_scores == sorted(selected_scores, reverse=True)
