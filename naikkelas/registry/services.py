"""Writes to the registry. Every change is validated, saved and audited here and nowhere else."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record, diff, snapshot
from naikkelas.core.dates import first_of_month
from naikkelas.regions.models import Region
from naikkelas.registry import frozen, rules
from naikkelas.registry.models import Enterprise, MetricReport, Person, nik_digest
from naikkelas.registry.nik import NikError, NikInfo, normalise_nik, parse_nik
from naikkelas.registry.panels import took_part_in_a_program

PERSON_FIELDS = ("nik", "name", "sex", "birth_date", "phone", "email", "address_district")
ENTERPRISE_FIELDS = (
    "owner",
    "name",
    "nib",
    "kbli_code",
    "kbli_version",
    "sector",
    "district",
    "started_on",
)
METRIC_FIELDS = ("period", "omzet", "aset", "workers", "source", "note")


def parse_nik_against_regions(nik: str) -> NikInfo:
    """Parse an NIK, warning when its regency or district code is not a current region."""
    info = parse_nik(nik)
    known = set(
        Region.objects.filter(code__in=[info.regency_code, info.district_code]).values_list("code", flat=True)
    )
    return parse_nik(nik, known_regencies=known, known_districts=known)


def _check_person(person: Person) -> None:
    """Domain checks beyond the field types: a real NIK, consistent with sex and birth date."""
    errors: dict[str, list[str]] = {}
    person.nik = normalise_nik(person.nik or "")
    try:
        info = parse_nik_against_regions(person.nik)
    except NikError as error:
        errors.setdefault("nik", []).append(str(error))
    else:
        person.nik_warning = " ".join(info.warnings)[:300]
        if Person.objects.filter(nik_digest=nik_digest(person.nik)).exclude(pk=person.pk).exists():
            errors.setdefault("nik", []).append(_("NIK ini sudah terdaftar."))
        if person.sex and person.sex != info.sex:
            errors.setdefault("sex", []).append(
                _("Jenis kelamin tidak sesuai dengan NIK (tanggal lahir perempuan ditambah 40).")
            )
        if isinstance(person.birth_date, date) and not info.matches_birth_date(person.birth_date):
            errors.setdefault("birth_date", []).append(_("Tanggal lahir tidak sesuai dengan NIK."))
    if isinstance(person.birth_date, date) and person.birth_date > timezone.localdate():
        errors.setdefault("birth_date", []).append(_("Tanggal lahir tidak boleh di masa depan."))
    if person.phone:
        try:
            person.phone = rules.phone_to_e164(person.phone)
        except ValueError as error:
            errors.setdefault("phone", []).append(str(error))
    district = person.address_district if person.address_district_id else None
    if district is not None:
        person.province_code = district.province_code
        person.regency_code = district.regency_code
    if errors:
        raise ValidationError(errors)


def person_create(*, actor: User | None, **fields: Any) -> Person:
    """Register an owner; the NIK must be real and agree with sex and birth date."""
    person = Person(**{k: v for k, v in fields.items() if k in (*PERSON_FIELDS, "user")})
    _check_person(person)
    person.full_clean()
    with transaction.atomic():
        person.save()
        audit_record(actor=actor, action="create", instance=person, changes=snapshot(person))
    return person


def person_update(*, actor: User | None, person: Person, **fields: Any) -> Person:
    """Change an owner's details; only the fields given change."""
    before = snapshot(person)
    for name, value in fields.items():
        if name not in PERSON_FIELDS:
            raise ValueError(f"unknown person field {name}")
        setattr(person, name, value)
    _check_person(person)
    person.full_clean()
    changes = diff(before, snapshot(person))
    if not changes:
        return person
    with transaction.atomic():
        written = _field_names(person, changes)
        if "nik_digest" in written:
            written.append("nik_encrypted")
        person.save(update_fields=[*written, "updated_at"])
        audit_record(actor=actor, action="update", instance=person, changes=changes)
    return person


def _check_enterprise(enterprise: Enterprise) -> None:
    errors: dict[str, list[str]] = {}
    if enterprise.nib:
        try:
            enterprise.nib = rules.check_nib(enterprise.nib)
        except ValueError as error:
            errors["nib"] = [str(error)]
    if enterprise.kbli_code:
        try:
            enterprise.kbli_code = rules.check_kbli(enterprise.kbli_code)
        except ValueError as error:
            errors["kbli_code"] = [str(error)]
        if not enterprise.kbli_version:
            errors["kbli_version"] = [_("Pilih versi KBLI (2020 atau 2025) untuk kode ini.")]
    if isinstance(enterprise.started_on, date) and enterprise.started_on > timezone.localdate():
        errors["started_on"] = [_("Tanggal mulai usaha tidak boleh di masa depan.")]
    if enterprise.district_id:
        district = enterprise.district
        if district.kind != Region.Kind.DISTRICT:
            errors["district"] = [_("Pilih sebuah kecamatan.")]
        enterprise.province_code = district.province_code
        enterprise.regency_code = district.regency_code
    if errors:
        raise ValidationError(errors)


def find_possible_duplicate(enterprise: Enterprise) -> Enterprise | None:
    """Another enterprise with the same NIB, or the same owner and name (case-insensitive)."""
    others = Enterprise.objects.exclude(pk=enterprise.pk) if enterprise.pk else Enterprise.objects
    if enterprise.nib:
        same_nib = others.filter(nib=enterprise.nib).order_by("id").first()
        if same_nib:
            return same_nib
    return (
        others.filter(owner_id=enterprise.owner_id, name__iexact=enterprise.name.strip())
        .order_by("id")
        .first()
    )


def enterprise_create(*, actor: User | None, **fields: Any) -> Enterprise:
    """Register an enterprise; a likely duplicate is flagged, not refused."""
    enterprise = Enterprise(**{k: v for k, v in fields.items() if k in ENTERPRISE_FIELDS})
    _check_enterprise(enterprise)
    enterprise.full_clean()
    enterprise.possible_duplicate_of = find_possible_duplicate(enterprise)
    with transaction.atomic():
        enterprise.save()
        audit_record(actor=actor, action="create", instance=enterprise, changes=snapshot(enterprise))
    return enterprise


def enterprise_update(*, actor: User | None, enterprise: Enterprise, **fields: Any) -> Enterprise:
    """Change an enterprise's details; only the fields given change."""
    before = snapshot(enterprise)
    for name, value in fields.items():
        if name not in ENTERPRISE_FIELDS:
            raise ValueError(f"unknown enterprise field {name}")
        setattr(enterprise, name, value)
    _check_enterprise(enterprise)
    enterprise.full_clean()
    enterprise.possible_duplicate_of = find_possible_duplicate(enterprise)
    changes = diff(before, snapshot(enterprise))
    if not changes:
        return enterprise
    with transaction.atomic():
        enterprise.save(update_fields=[*_field_names(enterprise, changes), "updated_at"])
        audit_record(actor=actor, action="update", instance=enterprise, changes=changes)
    return enterprise


def _field_names(instance: Any, changes: dict[str, Any]) -> list[str]:
    by_attname = {f.attname: f.name for f in instance._meta.concrete_fields}
    return [by_attname[name] for name in changes if name in by_attname]


def _check_metric(report: MetricReport) -> None:
    errors: dict[str, list[str]] = {}
    if isinstance(report.period, date):
        if report.period.day != 1:
            report.period = first_of_month(report.period)
        if report.period > timezone.localdate():
            errors["period"] = [_("Bulan laporan tidak boleh di masa depan.")]
    for name, label in (("omzet", _("Omzet")), ("aset", _("Aset"))):
        value = getattr(report, name)
        if isinstance(value, int) and value < 0:
            errors[name] = [_("%(label)s tidak boleh negatif.") % {"label": label}]
    if isinstance(report.workers, int) and report.workers < 0:
        errors["workers"] = [_("Jumlah tenaga kerja tidak boleh negatif.")]
    if errors:
        raise ValidationError(errors)


def _refresh_size_class(enterprise: Enterprise) -> None:
    latest = enterprise.reports.order_by("-period", "-id").first()
    size = rules.size_class_for_monthly_omzet(latest.omzet if latest else None)
    if size != enterprise.size_class:
        enterprise.size_class = size
        enterprise.save(update_fields=["size_class", "updated_at"])


def metric_report_create(*, actor: User | None, enterprise: Enterprise, **fields: Any) -> MetricReport:
    """Record an enterprise's figures for one month; the size class follows the latest month."""
    report = MetricReport(
        enterprise=enterprise,
        reported_by=actor if actor and actor.is_authenticated else None,
        **{k: v for k, v in fields.items() if k in METRIC_FIELDS},
    )
    _check_metric(report)
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
            _refresh_size_class(enterprise)
            audit_record(actor=actor, action="create", instance=report, changes=snapshot(report))
    except IntegrityError:
        raise _same_month_refusal() from None
    return report


def _same_month_refusal() -> ValidationError:
    """The service's own answer to the one-report-per-month-and-source constraint (pages and API alike)."""
    return ValidationError({"period": [_("Sudah ada laporan dari sumber ini untuk bulan tersebut.")]})


def frozen_message() -> str:
    return _("Angka awal pendaftaran ini sudah dipakai dalam seleksi, jadi tidak dapat diubah atau dihapus.")


def metric_report_update(*, actor: User | None, report: MetricReport, **fields: Any) -> MetricReport:
    """Correct a month's figures; only the fields given change. A frozen baseline (registry.frozen)
    is refused whatever the caller, leaving the report as it was."""
    before = snapshot(report)
    original = {name: getattr(report, name) for name in METRIC_FIELDS}
    for name, value in fields.items():
        if name not in METRIC_FIELDS:
            raise ValueError(f"unknown metric field {name}")
        setattr(report, name, value)
    try:
        _check_metric(report)
        report.full_clean(validate_constraints=False)
        changes = diff(before, snapshot(report))
        if changes and frozen.is_frozen(report):
            raise ValidationError(frozen_message())
    except ValidationError:
        for name, value in original.items():
            setattr(report, name, value)
        raise
    if not changes:
        return report
    try:
        with transaction.atomic():
            report.save(update_fields=_field_names(report, changes))
            _refresh_size_class(report.enterprise)
            audit_record(actor=actor, action="update", instance=report, changes=changes)
    except IntegrityError:
        for name, value in original.items():
            setattr(report, name, value)
        raise _same_month_refusal() from None
    return report


def metric_report_delete(*, actor: User | None, report: MetricReport) -> None:
    """Remove a month's figures that were entered by mistake (never a frozen baseline)."""
    if frozen.is_frozen(report):
        raise ValidationError(frozen_message())
    enterprise = report.enterprise
    with transaction.atomic():
        audit_record(actor=actor, action="delete", instance=report, changes=snapshot(report))
        report.delete()
        _refresh_size_class(enterprise)


def enterprise_delete(*, actor: User | None, enterprise: Enterprise) -> None:
    """Remove an enterprise entered by mistake, with its figures; the audit keeps what it was. Refused once
    it took part in a program: its figures are in published reports (a person's data is removed through
    a deletion request instead, which keeps the figures without a name)."""
    in_program = _("Usaha ini sudah ikut program (lamaran, pelatihan, pendampingan atau tindak lanjut), jadi "
                   "tidak bisa dihapus. Data pribadi pemiliknya dihapus lewat permintaan penghapusan data.")  # fmt: skip
    if took_part_in_a_program(enterprise):
        raise ValidationError(in_program)
    try:
        with transaction.atomic():
            for report in enterprise.reports.all():
                audit_record(actor=actor, action="delete", instance=report, changes=snapshot(report))
            audit_record(actor=actor, action="delete", instance=enterprise, changes=snapshot(enterprise))
            enterprise.delete()
    except ProtectedError:
        raise ValidationError(in_program) from None


def person_delete(*, actor: User | None, person: Person) -> None:
    """Remove an owner entered by mistake; refused while they still own an enterprise."""
    if person.enterprises.exists():
        raise ValidationError(_("Pemilik ini masih memiliki usaha; hapus atau pindahkan usahanya dulu."))
    with transaction.atomic():
        audit_record(actor=actor, action="delete", instance=person, changes=snapshot(person))
        person.delete()
