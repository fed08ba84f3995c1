"""What the apps above the registry add to, or ask of, an enterprise, so the registry never imports them.

A later app (selection, training, mentoring) registers its function in its AppConfig.ready() (see
`core.providers`):

- `panels`: a panel on the enterprise's page for the user looking at it (or None);
- `deletion_blockers`: True when the enterprise took part in what that app records, so it cannot be
  deleted (its figures are in published reports).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from naikkelas.accounts.models import User
from naikkelas.core.providers import Providers
from naikkelas.registry.models import Enterprise


@dataclass(frozen=True)
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelSource = Callable[[User, Enterprise], Panel | None]
DeletionBlocker = Callable[[Enterprise], bool]

panels: Providers[PanelSource] = Providers("panels on the enterprise page")
deletion_blockers: Providers[DeletionBlocker] = Providers("may this enterprise be deleted?")


def panels_for(user: User, enterprise: Enterprise) -> list[Panel]:
    return [panel for source in panels if (panel := source(user, enterprise)) is not None]


def took_part_in_a_program(enterprise: Enterprise) -> bool:
    """True when any app above the registry holds a record of this enterprise taking part."""
    return any(blocker(enterprise) for blocker in deletion_blockers)
