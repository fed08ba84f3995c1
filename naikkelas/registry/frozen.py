""" "Is this metric report frozen?", answered by later steps, so the registry never imports them.

A baseline (the report an application was submitted with) must not change once the selection that
judged it has started (DESIGN.md §4): the selection step knows when that is, the registry does not.
Selection registers its answer in its AppConfig.ready(); the registry's metric-report services ask
before every change or deletion, so the pages, the API, the importer and other apps' services all
inherit the rule.
"""

from collections.abc import Callable

from naikkelas.registry.models import MetricReport

FrozenCheck = Callable[[MetricReport], bool]
_CHECKS: list[FrozenCheck] = []


def register(check: FrozenCheck) -> FrozenCheck:
    if check not in _CHECKS:
        _CHECKS.append(check)
    return check


def is_frozen(report: MetricReport) -> bool:
    """Whether any later step holds this report fixed (a saved report only)."""
    return report.pk is not None and any(check(report) for check in _CHECKS)
