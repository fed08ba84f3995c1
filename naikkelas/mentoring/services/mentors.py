"""Writes about mentors: registering a mentor (with or without a new account) and changing their profile."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.accounts.services.organisations import membership_grant
from naikkelas.core.audit import audit_record, diff, snapshot
from naikkelas.mentoring.models import Mentor, MentorAssignment
from naikkelas.regions.models import Region


def mentor_create(
    *, actor: User | None, user: User, regency: Region, sectors: list[str], capacity: int
) -> Mentor:
    """Register a mentor based in a regency/city."""
    if regency.kind != Region.Kind.REGENCY:
        raise ValidationError({"regency": [_("Pilih kabupaten/kota.")]})
    mentor = Mentor(user=user, regency=regency, sectors=sectors, capacity=capacity,
                    province_code=regency.province_code, regency_code=regency.code)  # fmt: skip
    mentor.full_clean()
    with transaction.atomic():
        mentor.save()
        audit_record(actor=actor, action="create", instance=mentor, changes=snapshot(mentor))
    return mentor


def mentor_account_create(
    *,
    actor: User | None,
    office: Organisation,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    sectors: list[str],
    capacity: int,
) -> tuple[Mentor, str]:
    """A new mentor of a regency/city office: an account (with a one-time password to hand over), the
    mentor role in the office, and the profile. Returns the mentor and the temporary password."""
    region = office.region
    if region is None or office.kind != Organisation.Kind.REGENCY_OFFICE:
        raise ValidationError(_("Pendamping terdaftar pada dinas kabupaten/kota."))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [_("Nama pengguna %(name)s sudah dipakai.") % {"name": username}]})
    password = secrets.token_urlsafe(9)
    with transaction.atomic():
        user = User(username=username, first_name=first_name, last_name=last_name, email=email)
        user.set_password(password)
        user.full_clean()
        user.save()
        membership_grant(user=user, organisation=office, role=Membership.Role.MENTOR)
        mentor = mentor_create(actor=actor, user=user, regency=region, sectors=sectors, capacity=capacity)
    return mentor, password


def mentor_update(
    *, actor: User | None, mentor: Mentor, sectors: list[str], capacity: int, active: bool
) -> Mentor:
    """Change a mentor's sectors, capacity or active flag; never below their active mentees."""
    load = MentorAssignment.objects.filter(mentor=mentor, ended_at__isnull=True).count()
    if capacity < load:
        raise ValidationError(
            {"capacity": [_("Kapasitas tidak boleh di bawah jumlah dampingan aktif (%(n)s).") % {"n": load}]}
        )
    if not active and load:
        raise ValidationError(
            {"active": [_("Pindahkan dulu %(n)s dampingan ke pendamping lain.") % {"n": load}]}
        )
    before = snapshot(mentor)
    mentor.sectors, mentor.capacity, mentor.active = sectors, capacity, active
    mentor.full_clean()
    changes = diff(before, snapshot(mentor))
    if changes:
        with transaction.atomic():
            mentor.save(update_fields=["sectors", "capacity", "active"])
            audit_record(actor=actor, action="update", instance=mentor, changes=changes)
    return mentor
