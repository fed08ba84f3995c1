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
- `import_kinds`: an import of another app's records run through the registry's import jobs (upload,
  dry run by row and column, all-or-nothing write, progress): training's history of past batches. The
  registry reads the file and keeps the job; the app checks the rows and writes them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from naikkelas.accounts.models import User
from naikkelas.core.providers import Providers
from naikkelas.registry.import_check import CheckResult
from naikkelas.registry.models import Enterprise, ImportJob, MetricReport


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


@dataclass(frozen=True)
class ImportKind:
    """An import kind another app provides. `check(user, rows, today, progress)` returns every problem
    of the rows (header first) and what to write; `write(job, result, progress)` writes a clean result
    all or nothing (raising ValidationError with the reason, having written nothing; in chunks, it notes
    each chunk's rows on the job so a failure or the stale-job sweep can remove them) and returns how many
    rows it wrote; `done(count)` is the job's message then. `template` is the URL name of its template;
    `template_file(user)` builds that template for the API (PermissionDenied when the user may not import
    this kind), saved as `template_filename`."""

    kind: str  # an ImportJob.Kind
    label: Any  # what the upload page offers (lazy text)
    template: str
    template_label: Any
    check: Callable[[User, Iterable[list[str]], date, Callable[[int], None] | None], CheckResult]
    write: Callable[[ImportJob, CheckResult, Callable[[str, int, int], None]], int]
    done: Callable[[int], str]
    template_file: Callable[[User], bytes] | None = None
    template_filename: str = ""


import_kinds: Providers[ImportKind] = Providers("imports of records above the registry")


def import_kind(kind: str) -> ImportKind | None:
    """The provided import of this kind, if an app provides it."""
    return next((provided for provided in import_kinds if provided.kind == kind), None)


def panels_for(user: User, enterprise: Enterprise) -> list[Panel]:
    return [panel for source in panels if (panel := source(user, enterprise)) is not None]


def took_part_in_a_program(enterprise: Enterprise) -> bool:
    """True when any app above the registry holds a record of this enterprise taking part."""
    return any(blocker(enterprise) for blocker in deletion_blockers)


def report_frozen(report: MetricReport) -> bool:
    """Whether any later step holds this report fixed (a saved report only)."""
    return report.pk is not None and any(check(report) for check in frozen_reports)
