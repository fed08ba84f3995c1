"""Writes of owners (persons): validated, saved and audited here and nowhere else."""

from datetime import date
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record, model_update, snapshot
from naikkelas.core.cleaning import saved_relations
from naikkelas.regions.codes import place
from naikkelas.regions.models import Region
from naikkelas.registry import validators
from naikkelas.registry.models import Person, nik_digest
from naikkelas.registry.nik import NikInfo, parse_nik
from naikkelas.registry.selectors import current_codes

PERSON_FIELDS = ("nik", "name", "sex", "birth_date", "phone", "email", "address_district")


class PersonFields(TypedDict, total=False):
    """What `person_update` may change (PERSON_FIELDS); the NIK in plain digits (stored encrypted)."""

    nik: str
    name: str
    sex: str
    birth_date: date
    phone: str
    email: str
    address_district: Region | None


class NewPersonFields(PersonFields, total=False):
    """What an owner is registered with: their details and, when they have one, their account."""

    user: User | None


def parse_nik_against_regions(nik: str) -> NikInfo:
    """Parse an NIK, warning when its regency or district code is not a current region."""
    codes = current_codes(nik=nik)
    return parse_nik(nik, known_regencies=codes.regencies, known_districts=codes.districts)


def _check_person(person: Person) -> None:
    """The owner's validator (registry/validators.py), then the one NIK per person rule; normalises the
    NIK and phone and sets the NIK's warning and the region codes."""
    district = person.address_district if person.address_district_id else None
    codes = current_codes(nik=person.nik or "", districts=[district.code] if district else [])
    found = validators.check_person(
        nik=person.nik or "",
        name=person.name,
        sex=person.sex,
        birth_date=validators.typed(person.birth_date, date),
        phone=person.phone,
        email=person.email,
        address_district=district.code if district else None,
        today=timezone.localdate(),
        known_regencies=codes.regencies,
        known_districts=codes.districts,
    )
    person.nik = found.nik
    person.nik_warning = found.nik_warning
    if found.phone:
        person.phone = found.phone
    if found.nik_info is not None and (
        Person.objects.filter(nik_digest=nik_digest(person.nik)).exclude(pk=person.pk).exists()
    ):
        found.add("nik", _("NIK ini sudah terdaftar."))
    if district is not None:
        place(person, district)
    found.raise_errors(given={"birth_date": person.birth_date})


def person_create(*, actor: User | None, **fields: Unpack[NewPersonFields]) -> Person:
    """Register an owner; the NIK must be real and agree with sex and birth date."""
    for name in fields:
        if name not in (*PERSON_FIELDS, "user"):
            raise ValueError(f"unknown person field {name}")
    person = Person(**fields)
    _check_person(person)
    person.full_clean(exclude=saved_relations(person))
    with transaction.atomic():
        person.save()
        audit_record(actor=actor, action="create", instance=person, changes=snapshot(person))
    return person


def person_update(*, actor: User | None, person: Person, **fields: Unpack[PersonFields]) -> Person:
    """Change an owner's details; only the fields given change."""
    model_update(
        actor=actor, instance=person, data=fields, editable=PERSON_FIELDS,
        check=lambda _pending: _check_person(person),
    )  # fmt: skip
    return person


def person_delete(*, actor: User | None, person: Person) -> None:
    """Remove an owner entered by mistake; refused while they still own an enterprise."""
    if person.enterprises.exists():
        raise ValidationError(_("Pemilik ini masih memiliki usaha; hapus atau pindahkan usahanya dulu."))
    with transaction.atomic():
        audit_record(actor=actor, action="delete", instance=person, changes=snapshot(person))
        person.delete()
