"""`naikkelas tick`: the periodic work — schedule follow-ups, send their reminders, escalate overdue
consultations, close stale ones, retry messages whose time has come, and fail imports whose worker
died. Run it from cron (e.g. every 15 minutes); `./run serve` runs it every 10 minutes beside the web
server. Safe to run twice at once: every step is idempotent."""

from typing import Any

from django.core.management.base import BaseCommand

from naikkelas.accounts.services import security
from naikkelas.mentoring.services import consultations, followups
from naikkelas.notify.services.outbox import messages_deliver_due
from naikkelas.programs.models import Program
from naikkelas.registry.imports import import_jobs_fail_stale


class Command(BaseCommand):
    help = (
        "Periodic work: follow-up schedules and reminders, consultation escalation, message retries, "
        "imports whose worker died."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        scheduled = sum(followups.followups_schedule(program=program) for program in Program.objects.all())
        reminded = followups.followups_remind()
        report = consultations.consultations_tick()
        sent = messages_deliver_due()
        security.failures_expire()
        stale_imports = import_jobs_fail_stale()
        self.stdout.write(
            f"follow-ups scheduled {scheduled}, reminders {reminded}, "
            f"escalated {report.escalated_regency}+{report.escalated_province}, closed {report.closed}, "
            f"messages sent {sent}, stalled imports failed {stale_imports}"
        )
