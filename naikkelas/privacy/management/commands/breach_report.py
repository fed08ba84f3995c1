"""For a suspected breach: whose personal data was seen or exported in a time window, from the access log.

    naikkelas breach_report --from 2026-11-01T00:00 --to 2026-11-02T00:00 [--user NAME] [--csv FILE]

The CSV lists each person once, with contact details to notify them (UU 27/2022 asks for notice within
3 × 24 hours), how often and by whom their data was accessed.
"""

import csv
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from naikkelas.core.access_log import accessed_between
from naikkelas.core.tabular import safe_cell
from naikkelas.registry.models import Person


def _moment(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"not a date/time: {text!r} (use 2026-11-01 or 2026-11-01T08:00)") from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class Command(BaseCommand):
    help = "List whose personal data was accessed in a time window (from the access log)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True)
        parser.add_argument("--to", dest="end", required=True)
        parser.add_argument("--user", default="", help="only accesses by this username")
        parser.add_argument("--csv", default="", help="write the list to this file")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _moment(options["start"]), _moment(options["end"])
        if end <= start:
            raise CommandError("--to must be after --from")
        exposures = accessed_between(start, end, username=options["user"])
        people = Person.objects.in_bulk([e.person_id for e in exposures])
        rows = []
        for exposure in exposures:
            person = people.get(exposure.person_id)
            rows.append([
                exposure.person_id, person.name if person else "", person.phone if person else "",
                person.email if person else "", person.regency_code if person else "", exposure.accesses,
                " ".join(exposure.users), timezone.localtime(exposure.first_at).isoformat(timespec="minutes"),
                timezone.localtime(exposure.last_at).isoformat(timespec="minutes"),
            ])  # fmt: skip
        header = ["person_id", "name", "phone", "email", "regency", "accesses", "users", "first", "last"]
        if options["csv"]:
            with open(options["csv"], "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                writer.writerows(
                    [safe_cell(value) for value in row] for row in rows
                )  # names are people's text
        users = sorted({u for e in exposures for u in e.users})
        self.stdout.write(
            f"{len(rows)} people's data accessed between {start:%Y-%m-%d %H:%M} and {end:%Y-%m-%d %H:%M} "
            f"by {len(users)} account(s): {', '.join(users) or '-'}"
        )
        if not options["csv"]:
            for row in rows[:50]:
                self.stdout.write("  " + " · ".join(str(v) for v in row))
            if len(rows) > 50:
                self.stdout.write(f"  … {len(rows) - 50} more (use --csv FILE)")
