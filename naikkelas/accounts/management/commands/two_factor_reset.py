"""Remove a user's authenticator when the phone is lost; they enrol again at the next sign-in."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from naikkelas.accounts.models import User
from naikkelas.accounts.services.security import two_factor_reset
from naikkelas.core.audit import audit_record


class Command(BaseCommand):
    help = "Reset two-step verification of a user (after checking who is asking, in person or by phone)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        two_factor_reset(user)
        audit_record(actor=None, action="2fa_reset", instance=user, changes={})
        self.stdout.write(f"two-step verification of {user.username} removed; they enrol at the next sign-in")
