"""Panels later steps add to an enterprise's page, so the registry never imports them.

A later app (selection, training, mentoring) registers a function in its AppConfig.ready(); the
enterprise page shows every panel a function returns for the user looking at it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from naikkelas.accounts.models import User
from naikkelas.registry.models import Enterprise


@dataclass(frozen=True)
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelSource = Callable[[User, Enterprise], Panel | None]
_SOURCES: list[PanelSource] = []


def register(source: PanelSource) -> PanelSource:
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def panels_for(user: User, enterprise: Enterprise) -> list[Panel]:
    return [panel for source in _SOURCES if (panel := source(user, enterprise)) is not None]
