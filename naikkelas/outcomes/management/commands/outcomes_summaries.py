"""Recompute the per-region summary tables the national and province reports read (`outcomes.summaries`).

Run it on a schedule (cron, e.g. every 15 minutes) or after a large import; `--queue` hands the work to
the task workers instead of doing it here.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from naikkelas.outcomes import summaries


class Command(BaseCommand):
    help = "Recompute the cohort report's per-region summary tables."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queue", action="store_true", help="queue the background task instead")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["queue"]:
            summaries.summaries_refresh_task.enqueue()
            self.stdout.write("queued")
            return
        self.stdout.write(f"{summaries.summaries_refresh()} rows")
