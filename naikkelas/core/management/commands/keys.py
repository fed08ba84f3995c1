"""Print fresh secrets for a new installation's environment (never reuse the demo's)."""

import secrets
from typing import Any

from django.core.management.base import BaseCommand

from naikkelas.core.crypto import new_key


class Command(BaseCommand):
    help = "Print new SECRET_KEY, FIELD_ENCRYPTION_KEYS and LOOKUP_HASH_KEY lines for the environment."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"SECRET_KEY={secrets.token_urlsafe(48)}")
        self.stdout.write(f"FIELD_ENCRYPTION_KEYS={new_key()}")
        self.stdout.write(f"LOOKUP_HASH_KEY={secrets.token_urlsafe(32)}")
