"""Remove what is past its retention time (run daily; --dry-run only counts)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from naikkelas.privacy.services import retention_run


class Command(BaseCommand):
    help = "Delete old import files, access-log rows and messages; anonymise applicants past their time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count only, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        report = retention_run(dry_run=options["dry_run"])
        anonymised = report.pop("anonymised")
        verb = "would remove" if options["dry_run"] else "removed"
        removed = ", ".join(f"{name.replace('_', ' ')} {count}" for name, count in report.items())
        self.stdout.write(f"{verb}: {removed}; people anonymised {anonymised}")
