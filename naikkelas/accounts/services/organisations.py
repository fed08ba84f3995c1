"""Organisations and memberships; bringing a province (or one regency/city office) into the installation, and its first admin.

Idempotent: an organisation is found by its kind and region, so running again (or onboarding a province
the demo already holds) creates only what is missing. Organisations are named from the regions data."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from naikkelas.accounts.invitations import invitation_url
from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.accounts.services.staff import staff_create, staff_grant
from naikkelas.core.audit import audit_record
from naikkelas.regions.models import Region


def organisation_create(*, name: str, kind: str, region: Region | None) -> Organisation:
    """A new organisation tied to its region (none for the ministry)."""
    organisation = Organisation(name=name, kind=kind, region=region)
    organisation.full_clean()
    organisation.save()
    return organisation


def membership_grant(*, user: User, organisation: Organisation, role: str) -> Membership:
    """Give a user a role in an organisation (idempotent)."""
    membership, _ = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return membership


INSTALLATION_NAME = "Pengelola instalasi Naik Kelas"


def centre_name(province: Region) -> str:
    return f"Balatkop UKM {province.name}"


def office_name(regency: Region) -> str:
    return f"Dinas Koperasi dan UKM {regency.name}"


@dataclass
class Onboarded:
    """What one run did: the organisations it made, the admin, and the admin's one-time link (only when
    the account was made now or has never set a password)."""

    organisation: Organisation
    created: list[Organisation] = field(default_factory=list)
    admin: User | None = None
    admin_created: bool = False
    admin_granted: bool = False  # an existing account was given the admin role now
    link: str = ""


def _organisation(
    *, actor: User | None, kind: str, region: Region | None, name: str
) -> tuple[Organisation, bool]:
    found = Organisation.objects.filter(kind=kind, region=region).order_by("pk").first()
    if found is not None:
        return found, False
    if Organisation.objects.filter(name=name).exists():
        name = f"{name} ({region.code if region else kind})"
    organisation = Organisation(name=name, kind=kind, region=region)
    organisation.full_clean()
    organisation.save()
    audit_record(actor=actor, action="create", instance=organisation,
                 changes={"name": name, "kind": kind, "region": region.code if region else None})  # fmt: skip
    return organisation, True


def _refuse_other_province(*, user: User, province: Region | None) -> None:
    """An existing account that works for another province (or the installation) is not quietly given a
    second one: the province admin sees every record of the province, so it is asked for by name."""
    if province is None:
        return
    elsewhere = sorted(
        {
            membership.organisation.name
            for membership in user.memberships.select_related("organisation__region")
            if membership.organisation.region is None
            or membership.organisation.region.province_code != province.code
        }
    )
    if elsewhere:
        raise ValidationError({"admin": [_(
            "Akun %(user)s sudah dipakai di %(where)s, bukan di %(province)s. Pakai nama pengguna lain untuk "
            "admin %(province)s; orang yang sama boleh punya dua akun."
        ) % {"user": user.username, "where": ", ".join(elsewhere), "province": province.name}]})  # fmt: skip


def _admin(
    *,
    actor: User | None,
    organisation: Organisation,
    username: str,
    email: str,
    phone: str,
    result: Onboarded,
    province: Region | None = None,
) -> None:
    """The organisation's admin: made when the username is new; an existing account of the same province
    keeps its roles and gains this one (refused when it works for another province)."""
    existing = User.objects.filter(username__iexact=username.strip()).first()
    if existing is None:
        user, link = staff_create(
            actor=actor, organisation=organisation, username=username, role=Membership.Role.ADMIN,
            first_name=_("Admin"), last_name=organisation.name, email=email, phone=phone, require_contact=False,
        )  # fmt: skip
        result.admin, result.admin_created, result.link = user, True, link
        return
    if not existing.is_active:
        raise ValidationError({"admin": [_("Akun %(user)s nonaktif.") % {"user": existing.username}]})
    _refuse_other_province(user=existing, province=province)
    held = Membership.objects.filter(user=existing, organisation=organisation, role=Membership.Role.ADMIN)
    result.admin_granted = not held.exists()
    staff_grant(actor=actor, user=existing, organisation=organisation, role=Membership.Role.ADMIN)
    result.admin = existing
    if not existing.has_usable_password():
        result.link = invitation_url(existing)


def _region(code: str, kind: str) -> Region:
    region = Region.objects.filter(code=code.strip(), kind=kind).first()
    if region is None:
        if not Region.objects.exists():
            raise ValidationError(_("Data wilayah belum dimuat: jalankan naikkelas load_regions."))
        what = _("provinsi") if kind == Region.Kind.PROVINCE else _("kabupaten/kota")
        raise ValidationError(
            {"code": [_("Tidak ada %(what)s dengan kode %(code)s.") % {"what": what, "code": code}]}
        )
    return region


def province_onboard(
    *,
    actor: User | None,
    province_code: str,
    admin_username: str = "",
    admin_email: str = "",
    admin_phone: str = "",
) -> Onboarded:
    """The province's training centre, an office for each of its regencies/cities, and (given a username)
    the first province admin with a one-time link."""
    province = _region(province_code, Region.Kind.PROVINCE)
    with transaction.atomic():
        centre, made = _organisation(actor=actor, kind=Organisation.Kind.PROVINCE_CENTRE, region=province,
                                     name=centre_name(province))  # fmt: skip
        result = Onboarded(organisation=centre, created=[centre] if made else [])
        regencies = Region.objects.filter(kind=Region.Kind.REGENCY, province_code=province.code).order_by(
            "code"
        )
        for regency in regencies:
            office, made = _organisation(actor=actor, kind=Organisation.Kind.REGENCY_OFFICE, region=regency,
                                         name=office_name(regency))  # fmt: skip
            if made:
                result.created.append(office)
        if admin_username.strip():
            _admin(actor=actor, organisation=centre, username=admin_username, email=admin_email,
                   phone=admin_phone, result=result, province=province)  # fmt: skip
    return result


def regency_onboard(
    *,
    actor: User | None,
    regency_code: str,
    admin_username: str = "",
    admin_email: str = "",
    admin_phone: str = "",
) -> Onboarded:
    """One regency/city office (the province's centre too, when it is not there yet), and optionally its
    first admin."""
    regency = _region(regency_code, Region.Kind.REGENCY)
    with transaction.atomic():
        province = Region.objects.get(code=regency.province_code)
        centre, centre_made = _organisation(actor=actor, kind=Organisation.Kind.PROVINCE_CENTRE, region=province,
                                            name=centre_name(province))  # fmt: skip
        office, made = _organisation(actor=actor, kind=Organisation.Kind.REGENCY_OFFICE, region=regency,
                                     name=office_name(regency))  # fmt: skip
        result = Onboarded(
            organisation=office, created=[o for o, m in ((centre, centre_made), (office, made)) if m]
        )
        if admin_username.strip():
            _admin(actor=actor, organisation=office, username=admin_username, email=admin_email,
                   phone=admin_phone, result=result, province=province)  # fmt: skip
    return result


def installation_admin_create(*, actor: User | None, username: str, email: str = "") -> Onboarded:
    """An administrator of the installation itself (above province admins, not a Django superuser)."""
    with transaction.atomic():
        installation, made = _organisation(actor=actor, kind=Organisation.Kind.INSTALLATION, region=None,
                                           name=INSTALLATION_NAME)  # fmt: skip
        result = Onboarded(organisation=installation, created=[installation] if made else [])
        _admin(
            actor=actor, organisation=installation, username=username, email=email, phone="", result=result
        )
    return result
