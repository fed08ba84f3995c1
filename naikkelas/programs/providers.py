"""What later steps tell programs about a level, so programs never imports them.

A later app registers a function in its AppConfig.ready() (the registry/providers.py idea):
- a *usage* source counts the applications of levels (selection): once a level has any, the settings that
  decide eligibility and ranking are frozen;
- a *link* source names the pages it keeps for a level (training: the days' sessions and assignments),
  shown on the level's page;
- a *copier* copies what the app keeps for a level onto another level (training: its session and
  assignment templates), called inside the transaction that copies a program or makes a new version of
  a level, so a failure there leaves nothing half-written.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from naikkelas.accounts.models import User
from naikkelas.programs.models import Level

UsageSource = Callable[[list[int]], dict[int, int]]  # level ids -> applications per level id
LevelCopier = Callable[[Level, Level], object]  # (source, target)

_USAGE: list[UsageSource] = []
_COPIERS: list[LevelCopier] = []


def register_usage(source: UsageSource) -> UsageSource:
    if source not in _USAGE:
        _USAGE.append(source)
    return source


def register_copier(copier: LevelCopier) -> LevelCopier:
    if copier not in _COPIERS:
        _COPIERS.append(copier)
    return copier


def applications_by_level(level_ids: Iterable[int]) -> dict[int, int]:
    """How many applications each level has (every id present, 0 when none), in one query per source."""
    ids = list(level_ids)
    counts = dict.fromkeys(ids, 0)
    for source in _USAGE:
        for level_id, count in source(ids).items():
            counts[level_id] = counts.get(level_id, 0) + count
    return counts


def applications_count(level: Level) -> int:
    return applications_by_level([level.pk])[level.pk]


def copy_level_extras(source: Level, target: Level) -> None:
    for copier in _COPIERS:
        copier(source, target)


@dataclass(frozen=True)
class LevelLink:
    """A page a later step keeps for a level, linked from the level's page."""

    title: str
    url: str
    description: str = ""


LevelLinkSource = Callable[[User, Level], LevelLink | None]
_LINKS: list[LevelLinkSource] = []


def register_level_link(source: LevelLinkSource) -> LevelLinkSource:
    if source not in _LINKS:
        _LINKS.append(source)
    return source


def level_links(user: User, level: Level) -> list[LevelLink]:
    return [link for source in _LINKS if (link := source(user, level)) is not None]
