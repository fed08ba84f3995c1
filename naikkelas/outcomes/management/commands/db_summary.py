"""A fingerprint of the database: rows per table and every program's cohort report, as JSON.

Run it on the live database before a backup and on the restored copy after: the two must be equal.

    naikkelas db_summary > before.json
    DATABASE_URL=postgres://…/naikkelas_restored naikkelas db_summary > after.json
    diff before.json after.json
"""

import json
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

from naikkelas.outcomes import aggregates, cohort
from naikkelas.programs.models import Level
from naikkelas.registry.models import Enterprise, Person


def summary() -> dict[str, Any]:
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in ("sessions", "contenttypes", "admin")
    }
    cohorts = {}
    levels = Level.objects.select_related("program").order_by("program__year", "program_id", "rank")
    for level in levels:
        result = aggregates.summary_of(
            Enterprise.objects.all(), cohort.CohortFilter(program=level.program_id, level=level.rank)
        )
        cohorts[f"{level.program.year} {level.program.name} / {level.rank} {level.name}"] = {
            "participants": result.participants,
            "with_followup": result.with_followup,
            **{
                name: [metric.baseline_total, metric.followup_total]
                for name, metric in sorted(result.metrics.items())
            },
        }
    # The NIKs can be read back only with the same keys: a restore without them is no restore.
    sample = Person.objects.filter(anonymised_at__isnull=True).order_by("pk").first()
    return {"rows": counts, "cohorts": cohorts, "nik_readable": sample.nik[:4] if sample else None}


class Command(BaseCommand):
    help = "Print row counts and every program's cohort totals as JSON (compare before and after a restore)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(summary(), indent=2, sort_keys=True, ensure_ascii=False))
