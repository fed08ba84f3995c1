"""The check (dry run) of a history import: past batches with their participants, days attended,
graduation, and the figures reported before and after. Its columns, its template, and every problem of a
file by row and column.

One row is one participant of one past batch. A batch is named by its program year, its level (the
rank), its organiser (the region code of the office that ran it; empty for the importing office) and its
start date; rows naming the same four are the same batch. The rules of a row are the registry's
validators (the person, the business, the figures) and the training's: days attended within the level's
duration, graduation only with the level's minimum attendance, one seat per person per level and year.

History is not held to the rule that a new batch runs on five consecutive working days from a Monday:
a real batch of 2020 that ran Wednesday to Sunday happened, and refusing it loses the record. Its end date
follows the level's duration as for any batch, and it must have ended before today.

`check_history_rows` is pure: given the rows and what the database already holds (`KnownHistory`), it
returns every problem and the rows ready to write; `training.services.history` writes them all or none.
"""

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from naikkelas.core.dates import first_of_month
from naikkelas.programs.models import TIER_ORGANISATION, Tier
from naikkelas.programs.rules import end_date_for
from naikkelas.registry import validators
from naikkelas.registry.import_check import (
    EXAMPLE_ENTERPRISE,
    EXAMPLE_NAME,
    EXAMPLE_NIK,
    SECTOR_WORDS,
    SEX_WORDS,
    Batch,
    CheckResult,
    Column,
    RowCheck,
    parse_count,
    parse_date,
    parse_month,
    parse_rupiah,
    read_batches,
    registered_message,
)
from naikkelas.registry.nik import normalise_nik

COLUMNS = [
    Column("year", "Tahun Program", True, "2020"),
    Column("level", "Jenjang", True, "1"),
    Column("organiser", "Kode Wilayah Penyelenggara", False, "33.74"),
    Column("start_date", "Tanggal Mulai Angkatan", True, "2020-08-03"),
    Column("nik", "NIK", True, EXAMPLE_NIK),
    Column("name", "Nama Pemilik", True, EXAMPLE_NAME),
    Column("sex", "Jenis Kelamin (L/P)", True, "L"),
    Column("birth_date", "Tanggal Lahir", True, "1990-01-01"),
    Column("phone", "Nomor WhatsApp", False, "081234567890"),
    Column("address_district", "Kode Kecamatan Domisili", True, "33.74.02"),
    Column("enterprise_name", "Nama Usaha", True, EXAMPLE_ENTERPRISE),
    Column("nib", "NIB", False, ""),
    Column("sector", "Sektor", True, "olahan perikanan"),
    Column("district", "Kode Kecamatan Usaha", True, "33.74.02"),
    Column("started_on", "Tanggal Mulai Usaha", True, "2015-06-01"),
    Column("days", "Hari Hadir", True, "5"),
    Column("graduated", "Lulus (Y/T)", True, "Y"),
    Column("baseline_period", "Bulan Angka Awal", True, "2020-06"),
    Column("baseline_omzet", "Omzet Awal per Bulan (Rp)", True, "8000000"),
    Column("baseline_aset", "Aset Awal (Rp)", True, "30000000"),
    Column("baseline_workers", "Tenaga Kerja Awal", True, "2"),
    Column("followup_period", "Bulan Tindak Lanjut", False, "2021-03"),
    Column("followup_omzet", "Omzet Tindak Lanjut per Bulan (Rp)", False, "12500000"),
    Column("followup_aset", "Aset Tindak Lanjut (Rp)", False, "41000000"),
    Column("followup_workers", "Tenaga Kerja Tindak Lanjut", False, "3"),
]
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
COLUMN_ORDER = {column.key: index for index, column in enumerate(COLUMNS)}
FOLLOWUP_KEYS = ("followup_period", "followup_omzet", "followup_aset", "followup_workers")
YES_WORDS = {"Y": True, "YA": True, "1": True, "T": False, "TIDAK": False, "0": False, "N": False}

PERSON_COLUMNS = {
    name: name for name in ("nik", "name", "sex", "birth_date", "phone", "email", "address_district")
}
ENTERPRISE_COLUMNS = {
    "name": "enterprise_name",
    **{name: name for name in ("nib", "kbli_code", "kbli_version", "sector", "district", "started_on")},
}


@dataclass(frozen=True)
class LevelInfo:
    rank: int
    name: str
    tier: str  # programs.models.Tier
    duration_days: int
    min_days_attended: int


@dataclass(frozen=True)
class Office:
    """An office the user may import for: its organisation, its kind and its region code."""

    id: int
    kind: str  # accounts.models.Organisation.Kind
    region: str


@dataclass(frozen=True)
class Registered:
    """A person (or business) already in the registry: its id, and whether the user may see it."""

    id: int
    visible: bool
    owner_id: int | None = None  # a business's owner


@dataclass(frozen=True)
class KnownHistory:
    """What the check needs from the database: region codes, where the user may write, the levels of
    each year (a year without a program takes those of the province's latest program), the offices the
    user may import for, and lookups asked once per batch of rows."""

    regencies: Collection[str]
    districts: Collection[str]
    writable_district: Callable[[str], bool]
    levels_of_year: Callable[[int], Mapping[int, LevelInfo]]
    offices: Mapping[str, Office]  # by region code
    own_office: str | None  # the region code of the importing user's office
    persons: Callable[[Collection[str]], Mapping[str, Registered]]
    enterprises: Callable[[Collection[str]], Mapping[str, Registered]]
    # (year, rank) of the levels where each of these NIKs already holds a live application
    seats: Callable[[Collection[str]], Mapping[str, Collection[tuple[int, int]]]]


BatchKey = tuple[int, int, str, date]  # year, rank, organiser's region code, start date


@dataclass
class HistoryRow:
    row: int
    batch: BatchKey
    office_id: int
    nik: str
    person_id: int | None  # registered already (and visible): her record is kept as it is
    person: dict[str, object]
    enterprise_id: int | None  # registered already by its NIB (and hers)
    enterprise: dict[str, object]
    days: int
    graduated: bool
    baseline: dict[str, object]
    followup: dict[str, object] | None


@dataclass
class HistoryCheckResult(CheckResult):
    history: list[HistoryRow] = field(default_factory=list)
    batches: set[BatchKey] = field(default_factory=set)


def check_history_rows(
    rows: Iterable[list[str]],
    known: KnownHistory,
    today: date,
    progress: Callable[[int], None] | None = None,
) -> HistoryCheckResult:
    """Every problem of every row of past batches, and the clean rows when there are none."""
    result = HistoryCheckResult()
    seen: _Seen = _Seen()

    def check_batch(batch: Batch) -> None:
        niks = {nik for _number, values in batch if len(nik := normalise_nik(values.get("nik", ""))) == 16}
        nibs = {nib for _number, values in batch if (nib := values.get("nib", ""))}
        answers = _Answers(
            persons=known.persons(niks) if niks else {},
            enterprises=known.enterprises(nibs) if nibs else {},
            seats=known.seats(niks) if niks else {},
        )
        for number, values in batch:
            clean = _check_row(number, values, known, today, result, seen, answers)
            if clean is not None and not result.error_count:
                result.history.append(clean)
                result.batches.add(clean.batch)
        if result.error_count:
            result.history.clear()

    read_batches(rows, COLUMNS, result, check_batch, progress)
    if result.error_count:
        result.history = []
        result.batches = set()
    return result


@dataclass
class _Seen:
    in_batch: dict[tuple[BatchKey, str], int] = field(default_factory=dict)  # (batch, NIK) -> row
    in_level: dict[tuple[int, int, str], int] = field(default_factory=dict)  # (year, rank, NIK) -> row


@dataclass(frozen=True)
class _Answers:
    persons: Mapping[str, Registered]
    enterprises: Mapping[str, Registered]
    seats: Mapping[str, Collection[tuple[int, int]]]


def _check_row(
    number: int,
    values: Mapping[str, str],
    known: KnownHistory,
    today: date,
    result: CheckResult,
    seen: _Seen,
    answers: _Answers,
) -> HistoryRow | None:
    check = RowCheck(values)
    fail, parse, report, failed = check.fail, check.parse, check.report, check.failed

    # The batch: its year, level, organiser and dates.
    year = parse("year", parse_count)
    if not values.get("year"):
        fail("year", validators.required())
    elif isinstance(year, int) and not 2000 <= year <= today.year:
        fail("year", _("Tahun %(year)s di luar 2000 sampai tahun ini.") % {"year": year})
        year = None
    level: LevelInfo | None = None
    rank = parse("level", parse_count)
    if not values.get("level"):
        fail("level", validators.required())
    elif isinstance(rank, int) and isinstance(year, int):
        level = known.levels_of_year(year).get(rank)
        if level is None:
            fail("level", _("Jenjang %(rank)s tidak dikenal untuk tahun %(year)s; pilih dari lembar Jenjang.")
                 % {"rank": rank, "year": year})  # fmt: skip
    organiser_code = values.get("organiser", "") or (known.own_office or "")
    office = known.offices.get(organiser_code)
    if office is None:
        fail("organiser", _("Penyelenggara %(code)s di luar wilayah Anda.") % {"code": organiser_code or "-"})
    elif level is not None and office.kind != _office_kind(level.tier):
        fail(
            "organiser",
            _("Jenjang %(rank)s diselenggarakan oleh %(tier)s, bukan oleh kantor %(code)s.")
            % {"rank": level.rank, "tier": _tier_words(level.tier), "code": office.region},
        )
    start = parse("start_date", parse_date)
    if not values.get("start_date"):
        fail("start_date", validators.required())
    elif isinstance(start, date):
        if isinstance(year, int) and start.year != year:
            fail("start_date", _("Angkatan mulai di tahun %(found)s, bukan tahun program %(year)s.")
                 % {"found": start.year, "year": year})  # fmt: skip
        elif level is not None and end_date_for(start, level.duration_days) >= today:
            fail(
                "start_date", _("Angkatan ini belum selesai; riwayat hanya untuk angkatan yang sudah lewat.")
            )

    # The person and the business, by the registry's validators.
    sex_text = values.get("sex", "").upper()
    sex = SEX_WORDS.get(sex_text, "")
    if sex_text and not sex:
        fail("sex", _("Tulis L (laki-laki) atau P (perempuan)."))
    birth = parse("birth_date", parse_date)
    person = validators.check_person(
        nik=values.get("nik", ""), name=values.get("name", ""), sex=sex,
        birth_date=birth if isinstance(birth, date) else None, phone=values.get("phone", ""), email="",
        address_district=values.get("address_district", ""), today=today,
        known_regencies=known.regencies, known_districts=known.districts,
    )  # fmt: skip
    report(person.errors, PERSON_COLUMNS)
    nik = person.nik_info.nik if person.nik_info is not None else ""
    registered = answers.persons.get(nik) if nik else None
    if person.nik_info is not None:
        for warning in person.nik_info.warnings:
            check.warn("nik", warning)
    if registered is not None and not registered.visible:
        fail("nik", registered_message("nik", False))
    elif registered is not None:
        check.warn("nik", _("NIK sudah terdaftar: data pemilik di registri dipakai, tidak diubah."))

    sector_text = values.get("sector", "")
    sector = SECTOR_WORDS.get(sector_text.lower(), "")
    if sector_text and not sector:
        fail("sector", _("Sektor tidak dikenal; pilih salah satu dari lembar Sektor."))
    started = parse("started_on", parse_date)
    enterprise = validators.check_enterprise(
        name=values.get("enterprise_name", ""), nib=values.get("nib", ""), kbli_code="", kbli_version="",
        sector=sector, district=values.get("district", ""),
        started_on=started if isinstance(started, date) else None, today=today,
        known_districts=known.districts,
    )  # fmt: skip
    report(enterprise.errors, ENTERPRISE_COLUMNS)
    place = values.get("district", "")
    if "district" not in failed:
        if not known.writable_district(place):
            fail("district", _("Kecamatan %(code)s di luar wilayah Anda.") % {"code": place})
        elif office is not None and not place.startswith(office.region):
            fail("district", _("Kecamatan %(code)s di luar wilayah penyelenggara %(office)s.")
                 % {"code": place, "office": office.region})  # fmt: skip
    enterprise_id: int | None = None
    if enterprise.nib and "nib" not in failed:
        by_nib = answers.enterprises.get(enterprise.nib)
        if by_nib is not None and not by_nib.visible:
            fail("nib", registered_message("nib", False))
        elif by_nib is not None and (registered is None or by_nib.owner_id != registered.id):
            fail("nib", _("NIB ini terdaftar atas nama pemilik lain."))
        elif by_nib is not None:
            enterprise_id = by_nib.id

    # Attendance and graduation, by the level's duration and minimum.
    days = parse("days", parse_count)
    if not values.get("days"):
        fail("days", validators.required())
    elif isinstance(days, int):
        if days < 0:
            fail("days", _("Hari hadir tidak boleh negatif."))
        elif level is not None and days > level.duration_days:
            fail("days", _("Hadir %(days)s hari, lebih dari lama pelatihan (%(max)s hari).")
                 % {"days": days, "max": level.duration_days})  # fmt: skip
    graduated_text = values.get("graduated", "").upper()
    graduated = YES_WORDS.get(graduated_text)
    if not graduated_text:
        fail("graduated", validators.required())
    elif graduated is None:
        fail("graduated", _("Tulis Y (lulus) atau T (tidak lulus)."))
    elif graduated and level is not None and isinstance(days, int) and "days" not in failed:  # noqa: SIM102
        if days < level.min_days_attended:
            fail("graduated", _("Lulus dengan hadir %(days)s hari; jenjang ini mensyaratkan minimal %(min)s hari.")
                 % {"days": days, "min": level.min_days_attended})  # fmt: skip

    # The figures: before (the application's) and after (a follow-up), by the registry's validator.
    baseline = _figures(values, "baseline", today, parse, fail, failed)
    followup = None
    if any(values.get(key) for key in FOLLOWUP_KEYS):
        followup = _figures(values, "followup", today, parse, fail, failed)
    if isinstance(start, date) and level is not None:
        end = end_date_for(start, level.duration_days)
        if baseline is not None and baseline["period"] > first_of_month(start):  # type: ignore[operator]
            fail(
                "baseline_period", _("Bulan angka awal sesudah angkatan mulai; isi bulan sebelum pelatihan.")
            )
        if followup is not None and followup["period"] <= first_of_month(end):  # type: ignore[operator]
            fail("followup_period", _("Bulan tindak lanjut harus sesudah angkatan selesai."))

    # One person, one seat: once in a batch, once per level and year, and not already seated there.
    if nik and isinstance(year, int) and isinstance(rank, int) and isinstance(start, date) and office:
        key: BatchKey = (year, rank, office.region, start)
        if (key, nik) in seen.in_batch:
            fail("nik", _("Orang yang sama sudah ada di angkatan ini, baris %(row)s.")
                 % {"row": seen.in_batch[(key, nik)]})  # fmt: skip
        elif (year, rank, nik) in seen.in_level:
            fail("nik", _("Orang yang sama sudah ikut jenjang %(rank)s tahun %(year)s di baris %(row)s; "
                          "satu orang satu kursi per jenjang.")
                 % {"rank": rank, "year": year, "row": seen.in_level[(year, rank, nik)]})  # fmt: skip
        elif (year, rank) in answers.seats.get(nik, ()):
            fail("nik", _("Orang ini sudah tercatat di jenjang %(rank)s tahun %(year)s (mungkin berkas ini "
                          "sudah pernah diimpor).") % {"rank": rank, "year": year})  # fmt: skip
        seen.in_batch.setdefault((key, nik), number)
        seen.in_level.setdefault((year, rank, nik), number)

    check.tell(result, number, COLUMNS)
    if failed:
        return None
    assert office is not None and isinstance(start, date) and isinstance(days, int) and baseline is not None
    assert isinstance(year, int) and isinstance(rank, int)
    return HistoryRow(
        row=number,
        batch=(year, rank, office.region, start),
        office_id=office.id,
        nik=nik,
        person_id=registered.id if registered is not None else None,
        person={
            "nik": nik,
            "nik_warning": person.nik_warning,
            "name": values["name"],
            "sex": sex,
            "birth_date": birth,
            "phone": person.phone,
            "address_district": values["address_district"],
        },
        enterprise_id=enterprise_id,
        enterprise={
            "name": values["enterprise_name"],
            "nib": enterprise.nib,
            "sector": sector,
            "district": place,
            "started_on": started,
        },
        days=days,
        graduated=bool(graduated),
        baseline=baseline,
        followup=followup,
    )


def _figures(
    values: Mapping[str, str],
    prefix: str,
    today: date,
    parse: Callable[[str, Callable[[str], object]], object],
    fail: Callable[[str, str], None],
    failed: set[str],
) -> dict[str, object] | None:
    period = parse(f"{prefix}_period", parse_month)
    omzet = parse(f"{prefix}_omzet", parse_rupiah)
    aset = parse(f"{prefix}_aset", parse_rupiah)
    workers = parse(f"{prefix}_workers", parse_count)
    checked = validators.check_metric_report(
        period=period if isinstance(period, date) else None,
        omzet=omzet if isinstance(omzet, int) else None,
        aset=aset if isinstance(aset, int) else None,
        workers=workers if isinstance(workers, int) else None,
        today=today,
    )
    mine = {f"{prefix}_{name}" for name in ("period", "omzet", "aset", "workers")}
    for name, messages in checked.errors.items():
        key = f"{prefix}_{name}"
        if key not in failed:
            for message in messages:
                fail(key, message)
    if failed & mine:
        return None
    return {"period": checked.period, "omzet": omzet, "aset": aset, "workers": workers}


def _office_kind(tier: str) -> str:
    return TIER_ORGANISATION[Tier(tier)]


def _tier_words(tier: str) -> str:
    return str(Tier(tier).label)


def template_example() -> list[str]:
    """The template's example row."""
    return [column.example for column in COLUMNS]
