"""One validator per entity: the owner (person), the enterprise, the metric report.

Every way in asks these: the single-row services (registry pages and API, the public application form,
mentors' visits, follow-ups) and the enterprise import's dry run, so each rule and its Indonesian
message are written once. They are pure: already typed values in (reading a form field or a
spreadsheet cell into a date or a number is the caller's), the problems keyed by field name and the
normalised values out. Nothing here reads the database: the caller passes the region codes it knows,
so checking a file costs the same per row however long it is. Uniqueness (an NIK registered twice) is
the database's and each caller's lookup, not a value rule.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from naikkelas.core.dates import first_of_month
from naikkelas.registry import rules
from naikkelas.registry.models import Sector
from naikkelas.registry.nik import NikError, NikInfo, normalise_nik, parse_nik

Errors = dict[str, list[str]]
KBLI_VERSIONS = ("2020", "2025")


def required() -> str:
    return _("Wajib diisi.")


def typed[T](value: object, kind: type[T]) -> T | None:
    """The value if it is of its type, else None (a value of another type is left to the model's
    field validation, which names it)."""
    return value if isinstance(value, kind) and not (kind is int and isinstance(value, bool)) else None


@dataclass
class _Found:
    errors: Errors = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    @property
    def ok(self) -> bool:
        return not self.errors

    def raise_errors(self, given: Mapping[str, object] | None = None) -> None:
        """Raise the problems as one ValidationError. A field `given` a value of another type than the
        validator takes (passed to it as None) is left out: the model's field check names it."""
        untyped = {
            name
            for name, value in (given or {}).items()
            if value not in (None, "") and name in self.errors and required() in self.errors[name]
        }
        errors = {name: messages for name, messages in self.errors.items() if name not in untyped}
        if errors:
            raise ValidationError(errors)


@dataclass
class PersonCheck(_Found):
    """The problems of an owner's values, the NIK (digits only) and what it says, the phone in E.164."""

    nik: str = ""
    nik_info: NikInfo | None = None
    phone: str = ""

    @property
    def nik_warning(self) -> str:
        return " ".join(self.nik_info.warnings)[:300] if self.nik_info else ""


def check_person(
    *,
    nik: str,
    name: str,
    sex: str,
    birth_date: date | None,
    phone: str,
    email: str,
    address_district: str | None,
    today: date,
    known_regencies: Collection[str] | None = None,
    known_districts: Collection[str] | None = None,
) -> PersonCheck:
    """A real NIK that agrees with sex and birth date, a birth date in the past, a phone number that can
    receive WhatsApp, an email address, a current district. `known_regencies`/`known_districts` are the
    current region codes: an NIK issued under an older code is a warning, never a refusal (nik.py); a
    domicile district must be one of `known_districts`."""
    found = PersonCheck(nik=normalise_nik(nik or ""))
    if not found.nik:
        found.add("nik", required())
    else:
        try:
            found.nik_info = parse_nik(
                found.nik, known_regencies=known_regencies, known_districts=known_districts
            )
        except NikError as error:
            found.add("nik", str(error))
    info = found.nik_info
    if not (name or "").strip():
        found.add("name", required())
    if not sex:
        found.add("sex", required())
    elif info is not None and sex != info.sex:
        found.add("sex", _("Jenis kelamin tidak sesuai dengan NIK (tanggal lahir perempuan ditambah 40)."))
    if birth_date is None:
        found.add("birth_date", required())
    elif birth_date > today:
        found.add("birth_date", _("Tanggal lahir tidak boleh di masa depan."))
    elif info is not None and not info.matches_birth_date(birth_date):
        found.add("birth_date", _("Tanggal lahir tidak sesuai dengan NIK."))
    if phone:
        try:
            found.phone = rules.phone_to_e164(phone)
        except ValueError as error:
            found.add("phone", str(error))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            found.add("email", _("Alamat email tidak valid."))
    _check_district(found, "address_district", address_district, known_districts)
    return found


@dataclass
class EnterpriseCheck(_Found):
    """The problems of an enterprise's values, and its NIB and KBLI code as stored."""

    nib: str = ""
    kbli_code: str = ""


def check_enterprise(
    *,
    name: str,
    nib: str,
    kbli_code: str,
    kbli_version: str,
    sector: str,
    district: str | None,
    started_on: date | None,
    today: date,
    known_districts: Collection[str] | None = None,
) -> EnterpriseCheck:
    """A name, a 13-digit NIB if any, a 5-digit KBLI code with its version if any, a sector, a current
    district (one of `known_districts`), a start in the past."""
    found = EnterpriseCheck()
    if not (name or "").strip():
        found.add("name", required())
    if nib:
        try:
            found.nib = rules.check_nib(nib)
        except ValueError as error:
            found.add("nib", str(error))
    if kbli_code:
        try:
            found.kbli_code = rules.check_kbli(kbli_code)
        except ValueError as error:
            found.add("kbli_code", str(error))
        if kbli_version not in KBLI_VERSIONS:
            found.add("kbli_version", _("Pilih versi KBLI (2020 atau 2025) untuk kode ini."))
    if not sector:
        found.add("sector", required())
    elif sector not in Sector.values:
        found.add("sector", _("Sektor tidak dikenal."))
    _check_district(found, "district", district, known_districts)
    if started_on is None:
        found.add("started_on", required())
    elif started_on > today:
        found.add("started_on", _("Tanggal mulai usaha tidak boleh di masa depan."))
    return found


@dataclass
class MetricReportCheck(_Found):
    """The problems of a month's figures, and the month as stored (its first day)."""

    period: date | None = None


def check_metric_report(
    *, period: date | None, omzet: int | None, aset: int | None, workers: int | None, today: date
) -> MetricReportCheck:
    """A month that has begun, and omzet, aset and workers that are not negative."""
    found = MetricReportCheck(period=first_of_month(period) if period is not None else None)
    if found.period is None:
        found.add("period", required())
    elif found.period > today:
        found.add("period", _("Bulan laporan tidak boleh di masa depan."))
    for name, label in (("omzet", _("Omzet")), ("aset", _("Aset"))):
        value = {"omzet": omzet, "aset": aset}[name]
        if value is None:
            found.add(name, required())
        elif value < 0:
            found.add(name, _("%(label)s tidak boleh negatif.") % {"label": label})
    if workers is None:
        found.add("workers", required())
    elif workers < 0:
        found.add("workers", _("Jumlah tenaga kerja tidak boleh negatif."))
    return found


def _check_district(found: _Found, name: str, code: str | None, known: Collection[str] | None) -> None:
    if not code:
        found.add(name, required())
    elif known is not None and code not in known:
        found.add(name, _("Kode kecamatan %(code)s tidak dikenal.") % {"code": code})
