"""Choosing a mentor: pure. A mentor of the graduate's own regency/city with free capacity, preferring
one whose sectors include the enterprise's, then the lightest load, then the lowest id."""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    id: int
    sectors: frozenset[str]
    load: int
    capacity: int


def choose(candidates: Iterable[Candidate], sector: str) -> Candidate | None:
    free = [c for c in candidates if c.load < c.capacity]
    if not free:
        return None
    return min(free, key=lambda c: (sector not in c.sectors, c.load, c.id))
