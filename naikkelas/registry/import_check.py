"""The check (dry run) of an enterprise import: its columns, its template, and every problem of a file.

`check_rows` is pure: given the rows and what the database already holds, it returns every problem by
row and column, and the rows ready to write. `registry.services.imports.enterprise_import_write` writes them
all or none.
"""

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from naikkelas.core import formats
from naikkelas.core.providers import Providers
from naikkelas.core.tabular import looks_like_formula
from naikkelas.registry import validators
from naikkelas.registry.models import ImportJob, Sector
from naikkelas.registry.nik import normalise_nik


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Indonesian header in the template
    required: bool
    example: str


# The templates' example row names nobody: its NIK is structurally valid (Kota Semarang, a man born on
# 1 January 1990, serial 9999) so the example teaches the form, and every check refuses a row carrying it
# ("Baris contoh dari templat"), so an example left in a file never becomes a record of a real person.
EXAMPLE_NIK = "3374010101909999"
EXAMPLE_NAME = "Contoh Nama Pemilik"
EXAMPLE_ENTERPRISE = "Contoh Nama Usaha"

COLUMNS = [
    Column("nik", "NIK", True, EXAMPLE_NIK),
    Column("name", "Nama Pemilik", True, EXAMPLE_NAME),
    Column("sex", "Jenis Kelamin (L/P)", True, "L"),
    Column("birth_date", "Tanggal Lahir", True, "1990-01-01"),
    Column("phone", "Nomor WhatsApp", False, "081234567890"),
    Column("email", "Email", False, "contoh@contoh.id"),
    Column("address_district", "Kode Kecamatan Domisili", True, "33.74.02"),
    Column("enterprise_name", "Nama Usaha", True, EXAMPLE_ENTERPRISE),
    Column("nib", "NIB", False, "9120012345678"),
    Column("kbli_code", "Kode KBLI", False, "10213"),
    Column("kbli_version", "Versi KBLI", False, "2020"),
    Column("sector", "Sektor", True, "olahan perikanan"),
    Column("district", "Kode Kecamatan Usaha", True, "33.74.02"),
    Column("started_on", "Tanggal Mulai Usaha", True, "2015-06-01"),
    Column("period", "Bulan Laporan", True, "2021-02"),
    Column("omzet", "Omzet per Bulan (Rp)", True, "12000000"),
    Column("aset", "Aset (Rp)", True, "40000000"),
    Column("workers", "Tenaga Kerja", True, "3"),
]
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
COLUMN_ORDER = {column.key: index for index, column in enumerate(COLUMNS)}
TEXT_KEYS = {"name", "enterprise_name", "email"}
MAX_ROWS = 200_000
MAX_ROW_NUMBER = 1_048_576  # the last row a spreadsheet can have; blank rows count towards it
MAX_KEPT_PROBLEMS = 10_000
BATCH = 1000

SECTOR_WORDS = {
    **{value: value for value in Sector.values},
    "makanan": Sector.FOOD, "makanan & minuman": Sector.FOOD, "kuliner": Sector.FOOD,
    "perikanan": Sector.FISHERY, "olahan perikanan": Sector.FISHERY,
    "kerajinan": Sector.CRAFT, "fesyen": Sector.FASHION, "fesyen & sablon": Sector.FASHION,
    "sablon": Sector.FASHION, "kulit": Sector.LEATHER, "kulit & alas kaki": Sector.LEATHER,
    "pertanian": Sector.AGRICULTURE, "perdagangan": Sector.TRADE, "jasa": Sector.SERVICES,
    "lainnya": Sector.OTHER,
}  # fmt: skip


WHOLE_FILE = 0  # the row of a problem of the whole file (unreadable, or the template of another kind)


@dataclass(frozen=True)
class Problem:
    row: int  # the row number as the spreadsheet shows it (header is row 1); WHOLE_FILE for the file
    column: str  # the header of the column, or "" for the whole row
    message: str
    blocking: bool = True


@dataclass
class CleanRow:
    row: int
    person: dict[str, object]
    enterprise: dict[str, object]
    report: dict[str, object]


@dataclass
class CheckResult:
    """The outcome of a check. Every problem is counted; the first MAX_KEPT_PROBLEMS are kept, so a file
    of nothing but bad cells cannot fill the worker's memory with millions of messages."""

    total: int = 0
    problems: list[Problem] = field(default_factory=list)
    rows: list[CleanRow] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0

    def add(self, problem: Problem, *, first: bool = False) -> None:
        """Count the problem and keep it while there is room; `first` puts it ahead of all others (a
        problem of the whole file, which must be seen however many rows are bad)."""
        if problem.blocking:
            self.error_count += 1
        else:
            self.warning_count += 1
        if first:
            self.problems.insert(0, problem)
            del self.problems[MAX_KEPT_PROBLEMS:]
        elif len(self.problems) < MAX_KEPT_PROBLEMS:
            self.problems.append(problem)

    @property
    def errors(self) -> list[Problem]:
        """The blocking problems among those kept."""
        return [p for p in self.problems if p.blocking]

    @property
    def warnings(self) -> list[Problem]:
        """The warnings among those kept."""
        return [p for p in self.problems if not p.blocking]

    @property
    def ok(self) -> bool:
        return self.total > 0 and self.error_count == 0


class RowCheck:
    """One row's problems as its checks find them, told in column order at the end: the one row checker
    of every import (new enterprises, new figures, training history).

    `fail` records a blocking problem of a cell (and marks the cell failed), `warn` one that does not
    block; `parse` reads a cell with a parser whose ValueError names the problem; `report` adds a
    validator's errors, skipping a cell already failed (a cell that could not be read is named once).
    The row's failures are counted here: counting them over every problem found so far made a file of
    bad rows cost rows x problems (16,000 bad rows took 46 s)."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values = values
        self.failed: set[str] = set()
        self.found: list[tuple[str, str, bool]] = []  # (column key, message, blocking)

    def fail(self, key: str, message: str) -> None:
        self.failed.add(key)
        self.found.append((key, message, True))

    def warn(self, key: str, message: str) -> None:
        self.found.append((key, message, False))

    def parse(self, key: str, parser: Callable[[str], object]) -> object:
        text = self.values.get(key, "")
        if not text:
            return None
        try:
            return parser(text)
        except ValueError as error:
            self.fail(key, str(error))
            return None

    def report(self, errors: validators.Errors, columns: Mapping[str, str]) -> None:
        for name, messages in errors.items():
            key = columns[name]
            if key not in self.failed:
                for message in messages:
                    self.fail(key, message)

    def tell(self, result: CheckResult, number: int, columns: Sequence[Column]) -> None:
        """Add the row's problems to `result`, in the order of `columns`, each named by its header."""
        order = _column_order(columns)
        for key, message, blocking in sorted(self.found, key=lambda problem: order[problem[0]][0]):
            result.add(Problem(number, order[key][1], message, blocking=blocking))


_ORDERS: dict[int, dict[str, tuple[int, str]]] = {}


def _column_order(columns: Sequence[Column]) -> dict[str, tuple[int, str]]:
    """Each column's place and header, worked out once per list of columns (they are module constants)."""
    key = id(columns)
    if key not in _ORDERS:
        _ORDERS[key] = {column.key: (index, column.header) for index, column in enumerate(columns)}
    return _ORDERS[key]


# What the registry holds among some NIKs (or NIBs): for each one registered, whether the importing user
# may see that record. Asked once per batch of rows, so the file is never held whole.
Lookup = Callable[[Collection[str]], Mapping[str, bool]]


def nothing_registered(values: Collection[str]) -> Mapping[str, bool]:
    """The lookup of a registry holding none of the values (tests and benchmarks)."""
    return {}


@dataclass(frozen=True)
class Known:
    """What the check needs from the database: region codes, where the user may write, and lookups."""

    regencies: Collection[str]
    districts: Collection[str]
    writable_district: Callable[[str], bool]
    registered_niks: Lookup
    registered_nibs: Lookup


@dataclass(frozen=True)
class _Registered:
    """The lookups' answers for one batch of rows."""

    niks: Mapping[str, bool]
    nibs: Mapping[str, bool]


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
MONTH_FORMATS = ("%Y-%m", "%m/%Y", "%m-%Y", "%Y-%m-%d", "%d/%m/%Y")


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")


def parse_date(text: str, formats: Iterable[str] = _DATE_FORMATS) -> date:
    # The ISO forms first, without strptime (a tenth of its time): most files hold dates so.
    try:
        if "%Y-%m-%d" in formats and _ISO_DAY.fullmatch(text):
            return date.fromisoformat(text)
        if "%Y-%m" in formats and (month := _ISO_MONTH.fullmatch(text)):
            return date(int(month[1]), int(month[2]), 1)
    except ValueError:
        pass  # 2021-02-31: the formats below give the message
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("Tanggal '%(value)s' tidak dapat dibaca; tulis seperti 2021-02-28.") % {"value": text})


def parse_month(text: str) -> date:
    """A month column's cell (a full date is read as its month); the hint shows a month, not a day."""
    try:
        return parse_date(text, MONTH_FORMATS)
    except ValueError:
        raise ValueError(
            _("Bulan '%(value)s' tidak dapat dibaca; tulis seperti 2021-02.") % {"value": text}
        ) from None


def parse_rupiah(text: str) -> int:
    """Whole rupiah, as on every form (core.formats.parse_rupiah): 5000000, 5.000.000, Rp 5.000.000,-, 7,5 juta."""
    try:
        return formats.parse_rupiah(text)
    except formats.RupiahError as error:
        raise ValueError(str(error)) from None


def parse_count(text: str) -> int:
    """A whole number, as typed (a minus sign is read: whether it may be negative is the validator's)."""
    digits = text[1:] if text.startswith("-") else text
    if not (digits.isascii() and digits.isdigit()):
        raise ValueError(_("'%(value)s' bukan bilangan bulat.") % {"value": text})
    return int(text)


def header_keys(header: list[str], columns: Sequence[Column] = COLUMNS) -> tuple[dict[str, int], list[str]]:
    """Map template headers (case and spacing forgiven) to column keys; return missing headers."""
    wanted = {_squash(column.header): column.key for column in columns}
    wanted.update({column.key: column.key for column in columns})
    positions: dict[str, int] = {}
    for index, text in enumerate(header):
        key = wanted.get(_squash(text))
        if key and key not in positions:
            positions[key] = index
    missing = [column.header for column in columns if column.key not in positions]
    return positions, missing


def _is_example(raw: list[str], index: int) -> bool:
    return index < len(raw) and normalise_nik(raw[index].strip()) == EXAMPLE_NIK


@dataclass(frozen=True)
class Template:
    """An import's template as the other imports recognise it: its kind's name (as the upload page
    offers it) and its columns."""

    name: object  # lazy text
    columns: Sequence[Column]


# Every import's template, so a file made from one kind's template and uploaded as another is told so
# in one problem instead of a problem on every row. Training registers its history template at start-up.
templates: Providers[Template] = Providers("import templates")


def other_template(
    header: list[str], columns: Sequence[Column], found: int, missing: bool
) -> Template | None:
    """The template of another kind this header was made from: one whose every column is in it, and that
    knows more of it than `columns` does (`found` of them, `missing` some), the one knowing most."""
    best: tuple[int, Template] | None = None
    for template in templates:
        if template.columns is columns:
            continue
        theirs, their_missing = header_keys(header, template.columns)
        if their_missing or not (missing or len(theirs) > found):
            continue
        if best is None or len(theirs) > best[0]:
            best = (len(theirs), template)
    return best[1] if best else None


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


Batch = list[tuple[int, dict[str, str]]]  # (row number as the spreadsheet shows it, cells by column key)


def read_batches(
    rows: Iterable[list[str]],
    columns: Sequence[Column],
    result: CheckResult,
    on_batch: Callable[[Batch], None],
    progress: Callable[[int], None] | None = None,
) -> None:
    """The header, then the data rows in batches of BATCH, each given to `on_batch` (which looks up what
    the batch names in one go and checks its rows). Blank rows are skipped; reading stops at the row
    limit, so a file that unpacks into millions of rows is refused after MAX_ROWS of them. `progress`,
    when given, is called with the number of rows checked so far after every batch."""
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        result.add(Problem(1, "", _("Berkas kosong.")))
        return
    positions, missing = header_keys(header, columns)
    other = other_template(header, columns, len(positions), bool(missing))
    if other is not None:
        message = _("Berkas ini tampaknya templat %(kind)s; pilih jenis impor '%(kind)s'.")
        result.add(Problem(WHOLE_FILE, "", message % {"kind": other.name}))
        return
    if missing:
        for name in missing:
            result.add(Problem(1, name, _("Kolom wajib tidak ada di baris judul.")))
        return
    batch: Batch = []

    def flush() -> None:
        if batch:
            on_batch(batch)
        batch.clear()

    for number, raw in enumerate(iterator, start=2):
        if number > MAX_ROW_NUMBER or (result.total == MAX_ROWS and any(cell.strip() for cell in raw)):
            flush()
            result.add(Problem(number, "", too_many_rows()), first=True)
            break
        if not any(cell.strip() for cell in raw):
            continue
        result.total += 1
        if "nik" in positions and _is_example(raw, positions["nik"]):
            result.add(Problem(number, "", _("Baris contoh dari templat; hapus sebelum mengunggah.")))
            continue
        batch.append(
            (
                number,
                {key: (raw[index] if index < len(raw) else "").strip() for key, index in positions.items()},
            )
        )
        if len(batch) == BATCH:
            flush()
            if progress is not None:
                progress(result.total)
    flush()
    if result.total == 0 and not result.problems:
        result.add(Problem(2, "", _("Tidak ada baris data di bawah judul.")))


def check_rows(
    rows: Iterable[list[str]],
    known: Known,
    today: date,
    progress: Callable[[int], None] | None = None,
) -> CheckResult:
    """Every problem of every row of new enterprises, and the clean rows when there are none (see
    read_batches for how the file is read)."""
    result = CheckResult()
    seen_niks: dict[str, int] = {}
    seen_nibs: dict[str, int] = {}

    def check_batch(batch: Batch) -> None:
        registered = _lookup(batch, known)
        for number, values in batch:
            clean = _check_row(number, values, known, today, result, seen_niks, seen_nibs, registered)
            if clean is not None and not result.error_count:
                result.rows.append(clean)
        if result.error_count:
            result.rows.clear()  # nothing will be written; do not hold the clean rows

    read_batches(rows, COLUMNS, result, check_batch, progress)
    if result.error_count:
        result.rows = []
    return result


def too_many_rows() -> str:
    return _(
        "Terlalu banyak baris: paling banyak %(max)s baris data dalam satu berkas; "
        "bagi menjadi beberapa berkas."
    ) % {"max": formats.number(MAX_ROWS, get_language() or "id")}


def _lookup(batch: list[tuple[int, dict[str, str]]], known: Known) -> _Registered:
    niks = {nik for _number, values in batch if len(nik := normalise_nik(values.get("nik", ""))) == 16}
    nibs = {nib for _number, values in batch if (nib := values.get("nib", ""))}
    return _Registered(
        niks=known.registered_niks(niks) if niks else {},
        nibs=known.registered_nibs(nibs) if nibs else {},
    )


PERSON_COLUMNS = {
    name: name for name in ("nik", "name", "sex", "birth_date", "phone", "email", "address_district")
}
ENTERPRISE_COLUMNS = {
    "name": "enterprise_name",
    **{name: name for name in ("nib", "kbli_code", "kbli_version", "sector", "district", "started_on")},
}
REPORT_COLUMNS = {name: name for name in ("period", "omzet", "aset", "workers")}
SEX_WORDS = {"L": "M", "P": "F", "M": "M", "F": "F", "LAKI-LAKI": "M", "PEREMPUAN": "F"}


def _check_row(
    number: int,
    values: Mapping[str, str],
    known: Known,
    today: date,
    result: CheckResult,
    seen_niks: dict[str, int],
    seen_nibs: dict[str, int],
    registered: _Registered,
) -> CleanRow | None:
    """A row's cells are read into values here (the spreadsheet's part); the rules are the entities'
    validators (registry/validators.py), the same the pages and the API go through."""
    check = RowCheck(values)
    fail, parse, report, failed = check.fail, check.parse, check.report, check.failed

    for key in TEXT_KEYS:
        if looks_like_formula(values.get(key, "")):
            message = _("Diawali %(char)s seperti rumus; disimpan sebagai teks, tidak dihitung.")
            check.warn(key, message % {"char": values[key][0]})

    sex_text = values.get("sex", "").upper()
    sex = SEX_WORDS.get(sex_text, "")
    if sex_text and not sex:
        fail("sex", _("Tulis L (laki-laki) atau P (perempuan)."))
    birth = parse("birth_date", parse_date)
    person = validators.check_person(
        nik=values.get("nik", ""),
        name=values.get("name", ""),
        sex=sex,
        birth_date=birth if isinstance(birth, date) else None,
        phone=values.get("phone", ""),
        email=values.get("email", ""),
        address_district=values.get("address_district", ""),
        today=today,
        known_regencies=known.regencies,
        known_districts=known.districts,
    )
    report(person.errors, PERSON_COLUMNS)
    nik_info = person.nik_info
    if nik_info is not None:
        if nik_info.nik in seen_niks:
            fail("nik", _("NIK sama dengan baris %(row)s.") % {"row": seen_niks[nik_info.nik]})
        elif nik_info.nik in registered.niks:
            fail("nik", registered_message("nik", registered.niks[nik_info.nik]))
        seen_niks.setdefault(nik_info.nik, number)
        for warning in nik_info.warnings:
            check.warn("nik", warning)

    sector_text = values.get("sector", "")
    sector = SECTOR_WORDS.get(sector_text.lower(), "")
    if sector_text and not sector:
        fail("sector", _("Sektor tidak dikenal; pilih salah satu dari templat."))
    started = parse("started_on", parse_date)
    kbli_code = values.get("kbli_code", "")
    enterprise = validators.check_enterprise(
        name=values.get("enterprise_name", ""),
        nib=values.get("nib", ""),
        kbli_code=kbli_code,
        kbli_version=values.get("kbli_version", ""),
        sector=sector,
        district=values.get("district", ""),
        started_on=started if isinstance(started, date) else None,
        today=today,
        known_districts=known.districts,
    )
    report(enterprise.errors, ENTERPRISE_COLUMNS)
    place = values.get("district", "")
    if "district" not in failed and not known.writable_district(place):
        fail("district", _("Kecamatan %(code)s di luar wilayah Anda.") % {"code": place})
    nib = enterprise.nib
    if nib and "nib" not in failed:
        if nib in seen_nibs:
            fail("nib", _("NIB sama dengan baris %(row)s.") % {"row": seen_nibs[nib]})
        elif nib in registered.nibs:
            fail("nib", registered_message("nib", registered.nibs[nib]))
        seen_nibs.setdefault(nib, number)

    figures, (omzet, aset, workers) = _check_figures(parse, today)
    report(figures.errors, REPORT_COLUMNS)

    check.tell(result, number, COLUMNS)
    if failed:
        return None
    assert nik_info is not None
    return CleanRow(
        row=number,
        person={
            "nik": nik_info.nik,
            "nik_warning": person.nik_warning,
            "name": values["name"],
            "sex": sex,
            "birth_date": birth,
            "phone": person.phone,
            "email": values.get("email", ""),
            "address_district_id": values["address_district"],
        },
        enterprise={
            "name": values["enterprise_name"],
            "nib": nib,
            "kbli_code": enterprise.kbli_code,
            "kbli_version": values.get("kbli_version", "") if kbli_code else "",
            "sector": sector,
            "district_id": place,
            "started_on": started,
        },
        report={"period": figures.period, "omzet": omzet, "aset": aset, "workers": workers},
    )


def _check_figures(
    parse: Callable[[str, Callable[[str], object]], object], today: date
) -> tuple[validators.MetricReportCheck, tuple[object, object, object]]:
    """A row's month and figures, read by the row's `parse` (which names an unreadable cell) and checked by
    the metric report's validator, with the omzet, aset and workers as read: the same for new enterprises
    and for figures of registered ones."""
    period = parse("period", parse_month)
    omzet = parse("omzet", parse_rupiah)
    aset = parse("aset", parse_rupiah)
    workers = parse("workers", parse_count)
    figures = validators.check_metric_report(
        period=period if isinstance(period, date) else None,
        omzet=omzet if isinstance(omzet, int) else None,
        aset=aset if isinstance(aset, int) else None,
        workers=workers if isinstance(workers, int) else None,
        today=today,
    )
    return figures, (omzet, aset, workers)


def registered_message(key: str, visible: bool) -> str:
    """Already registered: said plainly when the user may see that record. Outside her scope the answer
    must not confirm that, or where, the person or business is registered (an NIK is no secret, so the
    import would otherwise tell any office who is in the registry); the row is refused and the province
    office, which sees further, can settle it. The service writes the attempt to the access log."""
    if key == "nik":
        if visible:
            return _("NIK sudah terdaftar di registri.")
        return _(
            "NIK ini tidak dapat diimpor oleh kantor Anda. Hapus baris ini dari berkas, lalu minta admin "
            "provinsi memeriksa dan mendaftarkannya."
        )
    if visible:
        return _("NIB sudah terdaftar di registri.")
    return _(
        "NIB ini tidak dapat diimpor oleh kantor Anda. Hapus baris ini dari berkas, lalu minta admin "
        "provinsi memeriksa dan mendaftarkannya."
    )


# New monthly figures for enterprises already in the registry (the update mode). A row names the
# enterprise by its NIB, or by its owner's NIK when the owner has one enterprise; the check shows every
# row whose figures would change (old -> new) and the write writes those and nothing else.

FIGURE_COLUMNS = [
    Column("nik", "NIK", False, EXAMPLE_NIK),
    Column("nib", "NIB", False, "9120012345678"),
    Column("period", "Bulan Laporan", True, "2021-08"),
    Column("omzet", "Omzet per Bulan (Rp)", True, "13500000"),
    Column("aset", "Aset (Rp)", True, "42000000"),
    Column("workers", "Tenaga Kerja", True, "4"),
]
FIGURE_COLUMN_BY_KEY = {column.key: column for column in FIGURE_COLUMNS}
FIGURE_COLUMN_ORDER = {column.key: index for index, column in enumerate(FIGURE_COLUMNS)}
Figures = tuple[int, int, int]  # omzet, aset, workers
templates.register("registry.enterprises", Template(ImportJob.Kind.ENTERPRISES.label, COLUMNS))
templates.register("registry.figures", Template(ImportJob.Kind.FIGURES.label, FIGURE_COLUMNS))


@dataclass(frozen=True)
class EnterpriseRef:
    id: int
    name: str


@dataclass(frozen=True)
class KnownFigures:
    """What the figures check needs from the database, asked once per batch of rows: the enterprises
    the user may write to by NIB and by their owner's NIK (an enterprise outside her scope is not
    found, and the answer is the same as for one not registered), and the figures of the imported
    report of a month."""

    by_nib: Callable[[Collection[str]], Mapping[str, EnterpriseRef]]
    by_nik: Callable[[Collection[str]], Mapping[str, list[EnterpriseRef]]]
    imported: Callable[[Collection[int]], Mapping[tuple[int, date], Figures]]


@dataclass(frozen=True)
class FigureChange:
    row: int
    enterprise: EnterpriseRef
    period: date
    old: Figures | None  # None: the month has no imported report yet
    new: Figures

    def as_json(self) -> dict[str, object]:
        return {
            "row": self.row, "enterprise": self.enterprise.id, "name": self.enterprise.name,
            "period": self.period.isoformat(), "old": list(self.old) if self.old else None,
            "new": list(self.new),
        }  # fmt: skip


@dataclass
class FigureCheckResult(CheckResult):
    changes: list[FigureChange] = field(default_factory=list)
    unchanged: int = 0


def check_figure_rows(
    rows: Iterable[list[str]],
    known: KnownFigures,
    today: date,
    progress: Callable[[int], None] | None = None,
) -> FigureCheckResult:
    """Every problem of every row of new figures, and the changes they make when there are none."""
    result = FigureCheckResult()
    seen: dict[tuple[int, date], int] = {}

    def check_batch(batch: Batch) -> None:
        nibs = {nib for _number, values in batch if (nib := values.get("nib", ""))}
        niks = {normalise_nik(values.get("nik", "")) for _number, values in batch} - {""}
        by_nib = known.by_nib(nibs) if nibs else {}
        by_nik = known.by_nik(niks) if niks else {}
        targets = [
            _figure_row(number, values, today, result, by_nib, by_nik, seen) for number, values in batch
        ]
        found = [target for target in targets if target is not None]
        imported = known.imported({ref.id for _n, ref, _p, _f in found}) if found else {}
        for number, ref, period, figures in found:
            old = imported.get((ref.id, period))
            if old == figures:
                result.unchanged += 1
            elif not result.error_count:
                result.changes.append(FigureChange(number, ref, period, old, figures))
        if result.error_count:
            result.changes.clear()

    read_batches(rows, FIGURE_COLUMNS, result, check_batch, progress)
    if result.error_count:
        result.changes = []
    return result


def _figure_row(
    number: int,
    values: Mapping[str, str],
    today: date,
    result: CheckResult,
    by_nib: Mapping[str, EnterpriseRef],
    by_nik: Mapping[str, list[EnterpriseRef]],
    seen: dict[tuple[int, date], int],
) -> tuple[int, EnterpriseRef, date, Figures] | None:
    check = RowCheck(values)
    fail, failed = check.fail, check.failed
    nib, nik = values.get("nib", ""), normalise_nik(values.get("nik", ""))
    ref: EnterpriseRef | None = None
    if nib:
        ref = by_nib.get(nib)
        if ref is None:
            fail("nib", _("Tidak ada usaha dengan NIB ini di wilayah Anda."))
    elif nik:
        owned = by_nik.get(nik, [])
        if not owned:
            fail("nik", _("Tidak ada usaha dengan NIK pemilik ini di wilayah Anda."))
        elif len(owned) > 1:
            fail(
                "nib",
                _("Pemilik ini punya %(count)s usaha; isi NIB usaha yang dimaksud.") % {"count": len(owned)},
            )
        else:
            ref = owned[0]
    else:
        fail("nik", _("Isi NIK pemilik atau NIB usaha."))
    figures, (omzet, aset, workers) = _check_figures(check.parse, today)
    check.report(figures.errors, REPORT_COLUMNS)
    if not failed and ref is not None and figures.period is not None:
        key = (ref.id, figures.period)
        if key in seen:
            fail("period", _("Usaha dan bulan yang sama sudah ada di baris %(row)s.") % {"row": seen[key]})
        seen.setdefault(key, number)
    check.tell(result, number, FIGURE_COLUMNS)
    if failed or ref is None or figures.period is None:
        return None
    return number, ref, figures.period, (int(omzet), int(aset), int(workers))  # type: ignore[call-overload]
