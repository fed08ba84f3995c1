"""Loading the shipped region tables (idn-area-data, ODbL; see data/ATTRIBUTION.md)."""

import csv
from pathlib import Path

from django.db import transaction

from naikkelas.regions.models import Region

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def shipped_regions() -> list[Region]:
    """Every region in the shipped CSV files, provinces first, as unsaved instances."""
    regions = [
        Region(code=r["code"], name=r["name"], kind=Region.Kind.PROVINCE, province_code=r["code"])
        for r in _rows("provinces.csv")
    ]
    regions += [
        Region(
            code=r["code"],
            name=r["name"],
            kind=Region.Kind.REGENCY,
            parent_id=r["province_code"],
            province_code=r["province_code"],
            regency_code=r["code"],
        )
        for r in _rows("regencies.csv")
    ]
    regions += [
        Region(
            code=r["code"],
            name=r["name"],
            kind=Region.Kind.DISTRICT,
            parent_id=r["regency_code"],
            province_code=r["code"][:2],
            regency_code=r["regency_code"],
        )
        for r in _rows("districts.csv")
    ]
    return regions


def regions_load() -> int:
    """Insert the shipped regions that are missing and rename changed ones; returns rows written."""
    shipped = shipped_regions()
    existing = dict(Region.objects.values_list("code", "name"))
    missing = [r for r in shipped if r.code not in existing]
    renamed = [r for r in shipped if r.code in existing and existing[r.code] != r.name]
    with transaction.atomic():
        Region.objects.bulk_create(missing, batch_size=2000)
        Region.objects.bulk_update(renamed, ["name"], batch_size=2000)
    return len(missing) + len(renamed)
