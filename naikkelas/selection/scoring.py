"""Scoring and ranking: pure functions over plain values.

Ranking order (the stated tie-break): higher score first; on equal scores the earlier submission;
then the lower application number. Seats are filled in that order while each regency/city stays within
its quota; the next applicants in the same order form the waitlist; everyone else is not selected.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
TIE_BREAK_ID = "nilai tertinggi; bila sama, yang lebih dulu mendaftar; bila sama, nomor pendaftaran terkecil"
TIE_BREAK_EN = "highest score; on a tie, the earlier submission; then the lower application number"


def weighted_total(scores: Mapping[str, int], criteria: Sequence[tuple[str, int]]) -> Decimal:
    """The 1–5 scores weighted by the rubric: sum(score × weight) / sum(weight), two decimals."""
    missing = [key for key, _ in criteria if key not in scores]
    if missing:
        raise ValueError(f"missing scores for {', '.join(missing)}")
    if any(not 1 <= scores[key] <= 5 for key, _ in criteria):
        raise ValueError("scores are 1 to 5")
    weight_sum = sum(weight for _, weight in criteria)
    total = Decimal(sum(scores[key] * weight for key, weight in criteria)) / Decimal(weight_sum)
    return total.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def mean_score(totals: Iterable[Decimal]) -> Decimal | None:
    values = list(totals)
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def disagree(totals: Iterable[Decimal], threshold: Decimal) -> bool:
    values = list(totals)
    return len(values) > 1 and max(values) - min(values) > threshold


@dataclass(frozen=True)
class Candidate:
    id: int
    score: Decimal
    submitted_at: datetime
    regency_code: str


@dataclass
class Outcome:
    selected: list[int] = field(default_factory=list)
    waitlisted: list[int] = field(default_factory=list)
    rejected: list[int] = field(default_factory=list)
    rank: dict[int, int] = field(default_factory=dict)
    quota_blocked: set[int] = field(default_factory=set)


def order(candidates: Iterable[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (-c.score, c.submitted_at, c.id))


def rank(
    candidates: Iterable[Candidate], *, capacity: int, quotas: Mapping[str, int], waitlist_size: int
) -> Outcome:
    """Fill the seats in ranking order within the quotas, then the waitlist, then reject the rest."""
    outcome = Outcome()
    taken: dict[str, int] = {}
    for position, candidate in enumerate(order(candidates), start=1):
        outcome.rank[candidate.id] = position
        quota = quotas.get(candidate.regency_code)
        within_quota = quota is None or taken.get(candidate.regency_code, 0) < quota
        if len(outcome.selected) < capacity and within_quota:
            outcome.selected.append(candidate.id)
            taken[candidate.regency_code] = taken.get(candidate.regency_code, 0) + 1
            continue
        if not within_quota:
            outcome.quota_blocked.add(candidate.id)
        if len(outcome.waitlisted) < waitlist_size:
            outcome.waitlisted.append(candidate.id)
        else:
            outcome.rejected.append(candidate.id)
    return outcome


def next_from_waitlist(
    waitlist: Sequence[Candidate], *, selected_by_regency: Mapping[str, int], quotas: Mapping[str, int]
) -> Candidate | None:
    """The first waitlisted applicant (in ranking order) whose regency still has quota room."""
    for candidate in order(waitlist):
        quota = quotas.get(candidate.regency_code)
        if quota is None or selected_by_regency.get(candidate.regency_code, 0) < quota:
            return candidate
    return None
