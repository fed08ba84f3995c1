from typing import Any

from django.core.management.base import BaseCommand

from naikkelas.regions.services import regions_load


class Command(BaseCommand):
    help = "Load Indonesia's provinces, regencies/cities and districts from the shipped data."

    def handle(self, *args: Any, **options: Any) -> None:
        written = regions_load()
        self.stdout.write(f"regions: {written} written")
