"""Writes of enterprises: validated, saved and audited here and nowhere else."""

from datetime import date
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record, model_update, snapshot
from naikkelas.core.cleaning import saved_relations
from naikkelas.regions.codes import place
from naikkelas.regions.models import Region
from naikkelas.registry import validators
from naikkelas.registry.models import Enterprise, Person
from naikkelas.registry.providers import took_part_in_a_program

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


class EnterpriseFields(TypedDict, total=False):
    """What an enterprise is registered with and `enterprise_update` may change (ENTERPRISE_FIELDS)."""

    owner: Person
    name: str
    nib: str
    kbli_code: str
    kbli_version: str
    sector: str
    district: Region | None
    started_on: date | None


def _check_enterprise(enterprise: Enterprise) -> None:
    """The enterprise's validator (registry/validators.py); normalises NIB and KBLI code and sets the
    region codes."""
    district = enterprise.district if enterprise.district_id else None
    found = validators.check_enterprise(
        name=enterprise.name,
        nib=enterprise.nib,
        kbli_code=enterprise.kbli_code,
        kbli_version=enterprise.kbli_version,
        sector=enterprise.sector,
        district=district.code if district else None,
        started_on=validators.typed(enterprise.started_on, date),
        today=timezone.localdate(),
        known_districts={district.code} if district and district.kind == Region.Kind.DISTRICT else set(),
    )
    if found.nib:
        enterprise.nib = found.nib
    if found.kbli_code:
        enterprise.kbli_code = found.kbli_code
    if district is not None:
        place(enterprise, district)
    found.raise_errors(given={"started_on": enterprise.started_on})


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


def enterprise_create(*, actor: User | None, **fields: Unpack[EnterpriseFields]) -> Enterprise:
    """Register an enterprise; a likely duplicate is flagged, not refused."""
    for name in fields:
        if name not in ENTERPRISE_FIELDS:
            raise ValueError(f"unknown enterprise field {name}")
    enterprise = Enterprise(**fields)
    _check_enterprise(enterprise)
    enterprise.full_clean(exclude=saved_relations(enterprise))
    enterprise.possible_duplicate_of = find_possible_duplicate(enterprise)
    with transaction.atomic():
        enterprise.save()
        audit_record(actor=actor, action="create", instance=enterprise, changes=snapshot(enterprise))
    return enterprise


def enterprise_update(
    *, actor: User | None, enterprise: Enterprise, **fields: Unpack[EnterpriseFields]
) -> Enterprise:
    """Change an enterprise's details; only the fields given change."""

    def check(_pending: object) -> None:
        _check_enterprise(enterprise)
        enterprise.possible_duplicate_of = find_possible_duplicate(enterprise)

    model_update(actor=actor, instance=enterprise, data=fields, editable=ENTERPRISE_FIELDS, check=check)
    return enterprise


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
