"""What the registry asks of the apps above it, so it never imports them (see `core.providers`).

A later app (selection, training, mentoring) registers its function in its AppConfig.ready():

- `panels`: a panel on the enterprise's page for the user looking at it (or None);
- `deletion_blockers`: True when the enterprise took part in what that app records, so it cannot be
  deleted (its figures are in published reports);
- `frozen_reports`: True when the app holds this metric report fixed. A baseline (the report an
  application was submitted with) must not change once the selection that judged it has started
  (DESIGN.md §4): selection knows when that is, the registry does not. The metric-report services ask
  before every change or deletion, so the pages, the API, the importer and other apps' services all
  inherit the rule.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from naikkelas.accounts.models import User
from naikkelas.core.providers import Providers
from naikkelas.registry.models import Enterprise, MetricReport


@dataclass(frozen=True)
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelSource = Callable[[User, Enterprise], Panel | None]
DeletionBlocker = Callable[[Enterprise], bool]
FrozenCheck = Callable[[MetricReport], bool]

panels: Providers[PanelSource] = Providers("panels on the enterprise page")
deletion_blockers: Providers[DeletionBlocker] = Providers("may this enterprise be deleted?")
frozen_reports: Providers[FrozenCheck] = Providers("is this metric report held fixed?")


def panels_for(user: User, enterprise: Enterprise) -> list[Panel]:
    return [panel for source in panels if (panel := source(user, enterprise)) is not None]


def took_part_in_a_program(enterprise: Enterprise) -> bool:
    """True when any app above the registry holds a record of this enterprise taking part."""
    return any(blocker(enterprise) for blocker in deletion_blockers)


def report_frozen(report: MetricReport) -> bool:
    """Whether any later step holds this report fixed (a saved report only)."""
    return report.pk is not None and any(check(report) for check in frozen_reports)
