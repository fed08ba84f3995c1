import csv
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from naikkelas.regions.models import Region
from naikkelas.registry.demo import BASELINE_PERIOD
from naikkelas.registry.models import Person
from naikkelas.testing import synthetic

POPULATION = Path(__file__).resolve().parents[3] / "regions" / "data" / "province_population.csv"


class Command(BaseCommand):
    help = (
        "Create N synthetic enterprises with owners and a baseline month, spread over Indonesia by "
        "province population (or over one province), with bulk inserts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enterprises", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--province", default="", help="only this province code, e.g. 33")
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["enterprises"]
        if count < 1:
            raise CommandError("--enterprises must be at least 1")
        if not Region.objects.exists():
            raise CommandError("Load the regions first: naikkelas load_regions")
        province = options["province"]
        districts = synthetic.districts_of({"province_code": province} if province else None)
        if not districts:
            raise CommandError(f"No districts for province {province!r}")
        weights = None if province else self._weights(districts)
        started = time.perf_counter()
        taken = synthetic.TakenNiks(
            set(Person.objects.values_list("nik_digest", flat=True).iterator(chunk_size=20000))
        )
        rows = synthetic.synthetic_rows(
            count=count,
            districts=districts,
            weights=weights,
            seed=options["seed"],
            baseline_period=BASELINE_PERIOD,
            taken_niks=taken,
        )
        written = 0
        batch_size = options["batch_size"]
        for chunk in _chunks(rows, batch_size * 10):
            written += synthetic.synthetic_insert(iter(chunk), batch_size=batch_size)
            elapsed = time.perf_counter() - started
            self.stdout.write(f"  {written:,} / {count:,} enterprises, {written / elapsed:,.0f}/s")
        elapsed = time.perf_counter() - started
        self.stdout.write(f"generated {written:,} enterprises in {elapsed:,.1f} s")
        if connection.vendor == "postgresql":
            # Fresh statistics and visibility map, as autovacuum would give them later.
            # VACUUM cannot run inside a transaction (as in tests); ANALYZE alone still can.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                for table in ("registry_person", "registry_enterprise", "registry_metricreport"):
                    cursor.execute(f"{command} {table}")
            self.stdout.write(f"vacuum analyze: {time.perf_counter() - started - elapsed:,.1f} s")

    @staticmethod
    def _weights(districts: list[synthetic.District]) -> list[float]:
        """Each district weighs its province's population shared equally among its districts."""
        with POPULATION.open(encoding="utf-8") as handle:
            population = {row["code"]: float(row["population_thousands"]) for row in csv.DictReader(handle)}
        per_province: dict[str, int] = {}
        for district in districts:
            per_province[district.province_code] = per_province.get(district.province_code, 0) + 1
        return [population.get(d.province_code, 0.0) / per_province[d.province_code] for d in districts]


def _chunks(rows: Any, size: int) -> Any:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
