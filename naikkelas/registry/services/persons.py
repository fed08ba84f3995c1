"""Writes of owners (persons): validated, saved and audited here and nowhere else."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record, changed_fields, diff, snapshot
from naikkelas.regions.models import Region
from naikkelas.registry import rules
from naikkelas.registry.models import Person, nik_digest
from naikkelas.registry.nik import NikError, NikInfo, normalise_nik, parse_nik

PERSON_FIELDS = ("nik", "name", "sex", "birth_date", "phone", "email", "address_district")


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
        written = changed_fields(person, changes)
        if "nik_digest" in written:
            written.append("nik_encrypted")
        person.save(update_fields=[*written, "updated_at"])
        audit_record(actor=actor, action="update", instance=person, changes=changes)
    return person


def person_delete(*, actor: User | None, person: Person) -> None:
    """Remove an owner entered by mistake; refused while they still own an enterprise."""
    if person.enterprises.exists():
        raise ValidationError(_("Pemilik ini masih memiliki usaha; hapus atau pindahkan usahanya dulu."))
    with transaction.atomic():
        audit_record(actor=actor, action="delete", instance=person, changes=snapshot(person))
        person.delete()
