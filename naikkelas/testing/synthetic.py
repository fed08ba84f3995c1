"""Realistic synthetic owners, enterprises and baseline figures, for the demo and for scale tests.

Deterministic for a given seed. Monthly turnover is log-normal around Rp 8 juta so that a real share
of enterprises falls below the Rp 5 juta eligibility threshold; every sector appears. Rows are written
with bulk inserts and no audit rows: this is generated data, not anyone's change.
"""

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from naikkelas.regions.codes import region_codes
from naikkelas.regions.models import Region
from naikkelas.registry import rules
from naikkelas.registry.models import Enterprise, MetricReport, Person, Sector, nik_digest

MALE_NAMES = [
    "Agus", "Budi", "Slamet", "Joko", "Bambang", "Hadi", "Eko", "Dwi", "Wahyu", "Rudi", "Sutrisno",
    "Heri", "Teguh", "Arif", "Imam", "Yusuf", "Fajar", "Rizki", "Dimas", "Bayu", "Ahmad", "Suparno",
]  # fmt: skip
FEMALE_NAMES = [
    "Sri", "Siti", "Dewi", "Endang", "Wati", "Rina", "Yuni", "Lestari", "Ani", "Nur", "Tri", "Suci",
    "Ratna", "Indah", "Wulan", "Fitri", "Ayu", "Retno", "Puji", "Sumiati", "Kartini", "Murni",
]  # fmt: skip
FAMILY_NAMES = [
    "Wahyuni", "Susanti", "Rahayu", "Santoso", "Prasetyo", "Hidayat", "Setiawan", "Kurniawan",
    "Wibowo", "Nugroho", "Saputra", "Lestari", "Handayani", "Purnomo", "Suryani", "Utomo",
    "Astuti", "Mulyani", "Haryanto", "Pratiwi", "Sulistyo", "Hartono",
]  # fmt: skip

PRODUCTS: dict[str, list[str]] = {
    Sector.FOOD: ["Kue Basah", "Roti & Kue", "Keripik Tempe", "Wingko", "Lumpia", "Jamu"],
    Sector.FISHERY: ["Bandeng Presto", "Kerupuk Ikan", "Otak-otak", "Abon Ikan", "Terasi"],
    Sector.CRAFT: ["Kerajinan Rotan", "Ukir Kayu", "Anyaman Bambu", "Batik Tulis", "Gerabah"],
    Sector.FASHION: ["Sablon Kaos", "Konveksi", "Bordir", "Tas Kain", "Batik Cap"],
    Sector.LEATHER: ["Sepatu Kulit", "Sandal Kulit", "Tas Kulit", "Dompet Kulit"],
    Sector.AGRICULTURE: ["Kopi Bubuk", "Madu", "Jahe Merah", "Beras Organik"],
    Sector.TRADE: ["Toko Kelontong", "Grosir Sembako", "Toko Oleh-oleh"],
    Sector.SERVICES: ["Servis Motor", "Percetakan", "Katering", "Laundry"],
    Sector.OTHER: ["Tanaman Hias", "Pakan Ternak", "Sabun Herbal"],
}
KBLI: dict[str, str] = {
    Sector.FOOD: "10792", Sector.FISHERY: "10213", Sector.CRAFT: "16294", Sector.FASHION: "14111",
    Sector.LEATHER: "15201", Sector.AGRICULTURE: "10761", Sector.TRADE: "47111",
    Sector.SERVICES: "95220", Sector.OTHER: "20232",
}  # fmt: skip
SUFFIXES = ["Makmur", "Jaya", "Sejahtera", "Berkah", "Lestari", "Mandiri", "Sentosa", "Barokah"]
SECTOR_WEIGHTS = [
    (Sector.FOOD, 30), (Sector.FISHERY, 10), (Sector.CRAFT, 14), (Sector.FASHION, 12),
    (Sector.LEATHER, 6), (Sector.AGRICULTURE, 8), (Sector.TRADE, 10), (Sector.SERVICES, 7),
    (Sector.OTHER, 3),
]  # fmt: skip

OMZET_MEDIAN = 8_000_000


@dataclass(frozen=True)
class District:
    code: str
    province_code: str
    regency_code: str


def lognormal_rupiah(rng: random.Random, median: float, sigma: float, step: int = 50_000) -> int:
    value = median * math.exp(rng.gauss(0, sigma))
    return max(step, round(value / step) * step)


class TakenNiks(set[str]):
    """NIKs already in use: those made in this run (plain, in memory) and those in the database, known
    only by their keyed hash."""

    def __init__(self, stored_digests: set[str]) -> None:
        super().__init__()
        self.stored_digests = stored_digests

    def __contains__(self, nik: object) -> bool:
        if super().__contains__(nik):
            return True
        return bool(self.stored_digests) and isinstance(nik, str) and nik_digest(nik) in self.stored_digests


def make_nik(rng: random.Random, district: str, sex: str, birth: date, taken: set[str]) -> str:
    """A valid NIK issued in the district for the birth date and sex, unique within `taken`."""
    day = birth.day + (40 if sex == "F" else 0)
    head = f"{district.replace('.', '')}{day:02d}{birth.month:02d}{birth.year % 100:02d}"
    serial = rng.randint(1, 9999)
    while f"{head}{serial:04d}" in taken:
        serial = serial % 9999 + 1
    nik = f"{head}{serial:04d}"
    taken.add(nik)
    return nik


def _weighted_sector(rng: random.Random) -> str:
    sectors, weights = zip(*SECTOR_WEIGHTS, strict=True)
    return rng.choices(sectors, weights=weights)[0]


def synthetic_rows(
    *,
    count: int,
    districts: Sequence[District],
    weights: Sequence[float] | None,
    seed: int,
    baseline_period: date,
    taken_niks: set[str] | None = None,
) -> Iterator[tuple[Person, Enterprise, MetricReport]]:
    """Unsaved (person, enterprise, baseline report) triples; the enterprise's owner is set later."""
    rng = random.Random(seed)
    taken = taken_niks if taken_niks is not None else set()
    cumulative = None
    if weights is not None:
        cumulative = []
        total = 0.0
        for weight in weights:
            total += weight
            cumulative.append(total)
    for _index in range(count):
        district = rng.choices(districts, cum_weights=cumulative)[0]
        sex = "F" if rng.random() < 0.58 else "M"
        first = rng.choice(FEMALE_NAMES if sex == "F" else MALE_NAMES)
        name = f"{first} {rng.choice(FAMILY_NAMES)}"
        birth = date(1960, 1, 1) + timedelta(days=rng.randint(0, 365 * 42))
        nik = make_nik(rng, district.code, sex, birth, taken)
        person = Person(  # type: ignore[misc]
            nik=nik,
            name=name,
            sex=sex,
            birth_date=birth,
            phone=f"+62812{rng.randint(10_000_000, 99_999_999)}",
            address_district_id=district.code,
            **region_codes(district),
        )
        sector = _weighted_sector(rng)
        product = rng.choice(PRODUCTS[sector])
        label = first if rng.random() < 0.5 else rng.choice(SUFFIXES)
        started = baseline_period - timedelta(days=int(rng.expovariate(1 / 2200)) + 60)
        omzet = lognormal_rupiah(rng, OMZET_MEDIAN, 0.85)
        has_nib = rng.random() < 0.55
        enterprise = Enterprise(
            name=f"{product} {label}",
            nib=f"{rng.randint(10**12, 10**13 - 1)}" if has_nib else "",
            kbli_code=KBLI[sector] if has_nib else "",
            kbli_version="2020" if has_nib else "",
            sector=sector,
            district_id=district.code,
            **region_codes(district),
            started_on=started,
            size_class=rules.size_class_for_monthly_omzet(omzet),
        )
        report = MetricReport(
            period=baseline_period,
            omzet=omzet,
            aset=lognormal_rupiah(rng, omzet * 3.5, 0.7, step=100_000),
            workers=max(1, int(rng.lognormvariate(0.7, 0.6))),
            source=MetricReport.Source.APPLICATION,
        )
        yield person, enterprise, report


def districts_of(regions_filter: dict[str, str] | None = None) -> list[District]:
    queryset = Region.objects.filter(kind=Region.Kind.DISTRICT)
    if regions_filter:
        queryset = queryset.filter(**regions_filter)
    return [
        District(code, province, regency)
        for code, province, regency in queryset.order_by("code").values_list(
            "code", "province_code", "regency_code"
        )
    ]


def synthetic_insert(
    rows: Iterator[tuple[Person, Enterprise, MetricReport]], *, batch_size: int = 5000
) -> int:
    """Bulk-insert generated rows in batches, each batch in one transaction; returns the count."""
    written = 0
    batch: list[tuple[Person, Enterprise, MetricReport]] = []

    def flush() -> None:
        nonlocal written
        with transaction.atomic():
            persons = Person.objects.bulk_create([p for p, _e, _r in batch])
            enterprises = []
            for person, (_p, enterprise, _r) in zip(persons, batch, strict=True):
                enterprise.owner_id = person.pk
                enterprises.append(enterprise)
            saved = Enterprise.objects.bulk_create(enterprises)
            reports = []
            for enterprise, (_p, _e, report) in zip(saved, batch, strict=True):
                report.enterprise_id = enterprise.pk
                reports.append(report)
            MetricReport.objects.bulk_create(reports)
        written += len(batch)
        batch.clear()

    for row in rows:
        batch.append(row)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return written
