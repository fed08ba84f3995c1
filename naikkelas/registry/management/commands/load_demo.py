from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from naikkelas.registry.demo import DEMO_PASSWORD, DEMO_USERS, PARTICIPANT, demo_load


class Command(BaseCommand):
    help = "Load the 2021 Central Java demo (only with DEBUG=true; safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = demo_load()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        if result["enterprises"]:
            self.stdout.write(f"demo: {result['enterprises']} enterprises loaded")
        else:
            self.stdout.write("demo: already loaded")
        self.stdout.write(f"demo logins (password '{DEMO_PASSWORD}'):")
        for username, full_name, _region, role in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role:<8} {full_name}")
        self.stdout.write(f"  {PARTICIPANT['username']:<12} {'peserta':<8} {PARTICIPANT['name']}")
