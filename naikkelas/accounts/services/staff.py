"""Writes for staff: accounts with a role in an office, invitations, role changes, deactivation.

An account is never deleted: the audit trail and every record a person touched keep their name.
Deactivating ends the sign-in, the sessions (Django refuses an inactive user) and every API token."""

from typing import Any

import phonenumbers
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from naikkelas.accounts import hooks
from naikkelas.accounts.invitations import invitation_url
from naikkelas.accounts.models import ApiToken, Membership, Organisation, User
from naikkelas.accounts.services import security
from naikkelas.accounts.services.tokens import api_tokens_revoke_all
from naikkelas.core.audit import audit_record

STAFF_ROLES = (
    Membership.Role.ADMIN,
    Membership.Role.REVIEWER,
    Membership.Role.TRAINER,
    Membership.Role.MENTOR,
    Membership.Role.VIEWER,
)
INVITATION_TEMPLATE = "staff_invitation"


def username_clean(value: str) -> str:
    """What a person typed, trimmed; letters (any case), digits and . @ + - _; unique whatever the case."""
    username = value.strip()
    if not username:
        raise ValidationError({"username": [_("Isi nama pengguna.")]})
    if len(username) > 150:
        raise ValidationError({"username": [_("Nama pengguna paling panjang 150 huruf.")]})
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise ValidationError(
            {
                "username": [
                    _("Nama pengguna hanya boleh berisi huruf, angka, dan tanda . @ + - _ (tanpa spasi).")
                ]
            }
        ) from None
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": [_("Nama pengguna %(name)s sudah dipakai (huruf besar dan kecil dianggap sama).")
                          % {"name": username}]}
        )  # fmt: skip
    return username


def phone_clean(value: str) -> str:
    """An Indonesian number as typed (0812…, 62812…, +62 812-…) in E.164; empty stays empty."""
    raw = value.strip()
    if not raw:
        return ""
    if raw.startswith("62"):
        raw = "+" + raw
    try:
        parsed = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        raise ValidationError({"phone": [_("Nomor WhatsApp tidak dapat dibaca.")]}) from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError({"phone": [_("Nomor WhatsApp %(value)s tidak valid.") % {"value": value}]})
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _email_clean(value: str) -> str:
    email = value.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                {"email": [_("Alamat email %(value)s tidak valid.") % {"value": email}]}
            ) from None
    return email


def role_check(*, organisation: Organisation, role: str) -> None:
    """Which roles each kind of organisation holds."""
    if role not in STAFF_ROLES:
        raise ValidationError(
            {"role": [_("Pilih peran: admin, penilai, pelatih, pendamping atau pemantau.")]}
        )
    if organisation.kind == Organisation.Kind.INSTALLATION and role != Membership.Role.ADMIN:
        raise ValidationError({"role": [_("Pengelola instalasi hanya punya peran admin.")]})
    if role == Membership.Role.MENTOR and organisation.kind != Organisation.Kind.REGENCY_OFFICE:
        raise ValidationError({"role": [_("Pendamping terdaftar pada dinas kabupaten/kota, bukan %(org)s.")
                                        % {"org": organisation.name}]})  # fmt: skip


def _grant(*, actor: User | None, user: User, organisation: Organisation, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if created:
        audit_record(
            actor=actor, action="create", instance=membership,
            changes={"user": user.username, "organisation": organisation.name, "role": role},
        )  # fmt: skip
        hooks.after_role_granted(actor=actor, membership=membership)
    return membership


def staff_create(
    *,
    actor: User | None,
    organisation: Organisation,
    username: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    require_contact: bool = True,
) -> tuple[User, str]:
    """A new account with one role in an office, without a password; returns it and its one-time link,
    which is also sent to the person's WhatsApp or email (`notify_person`). A mentor needs a WhatsApp
    number (her mentees reach her there)."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for field, clean, raw in (("username", username_clean, username), ("phone", phone_clean, phone),
                              ("email", _email_clean, email)):  # fmt: skip
        try:
            cleaned[field] = clean(raw)
        except ValidationError as error:
            errors.update(error.message_dict)
    try:
        role_check(organisation=organisation, role=role)
    except ValidationError as error:
        errors.update(error.message_dict)
    if not first_name.strip():
        errors["first_name"] = [_("Isi nama depan.")]
    if role == Membership.Role.MENTOR and not cleaned.get("phone") and "phone" not in errors:
        errors["phone"] = [_("Pendamping perlu nomor WhatsApp: peserta dampingannya menghubunginya di sana.")]
    if (
        require_contact
        and not (cleaned.get("phone") or cleaned.get("email"))
        and not {"phone", "email"} & set(errors)
    ):
        errors["email"] = [_("Isi email atau nomor WhatsApp agar undangan bisa dikirim.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = User(
            username=cleaned["username"], first_name=first_name.strip()[:150], last_name=last_name.strip()[:150],
            email=cleaned["email"], phone=cleaned["phone"],
        )  # fmt: skip
        user.set_unusable_password()
        # The case-insensitive constraint is checked by the database (below), where a race is caught too.
        user.full_clean(exclude=["password"], validate_constraints=False)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # the same name, in another case, created a moment ago
            raise ValidationError(
                {
                    "username": [
                        _("Nama pengguna %(name)s sudah dipakai (huruf besar dan kecil dianggap sama).")
                        % {"name": user.username}
                    ]
                }
            ) from None
        audit_record(
            actor=actor, action="create", instance=user,
            changes={"username": user.username, "email": user.email, "phone": user.phone},
        )  # fmt: skip
        _grant(actor=actor, user=user, organisation=organisation, role=role)
        link = _invitation_send(user=user, organisation=organisation)
    return user, link


def _invitation_send(*, user: User, organisation: Organisation) -> str:
    link = invitation_url(user)
    if user.phone or user.email:
        hooks.invitation_deliver(user=user, organisation=organisation, link=link)
    return link


def staff_grant(*, actor: User | None, user: User, organisation: Organisation, role: str) -> Membership:
    """One more role for an existing account, in this or another office (a person may hold several)."""
    role_check(organisation=organisation, role=role)
    if role == Membership.Role.MENTOR and not user.phone:
        raise ValidationError({"phone": [_("Isi dulu nomor WhatsApp %(user)s: pendamping perlu nomor itu.")
                                         % {"user": user.username}]})  # fmt: skip
    with transaction.atomic():
        return _grant(actor=actor, user=user, organisation=organisation, role=role)


def membership_role_change(*, actor: User | None, membership: Membership, role: str) -> Membership:
    """Change the role held in one office (the account's other roles stay)."""
    role_check(organisation=membership.organisation, role=role)
    if role == membership.role:
        return membership
    if Membership.objects.filter(
        user=membership.user, organisation=membership.organisation, role=role
    ).exists():
        raise ValidationError({"role": [_("%(user)s sudah punya peran ini di %(org)s.")
                                        % {"user": membership.user.username, "org": membership.organisation.name}]})  # fmt: skip
    if role == Membership.Role.MENTOR and not membership.user.phone:
        raise ValidationError({"phone": [_("Isi dulu nomor WhatsApp %(user)s: pendamping perlu nomor itu.")
                                         % {"user": membership.user.username}]})  # fmt: skip
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        before = locked.role
        locked.role = role
        locked.full_clean()
        locked.save(update_fields=["role"])
        audit_record(actor=actor, action="update", instance=locked, changes={"role": [before, role]})
        hooks.after_role_granted(actor=actor, membership=locked)
    return locked


def membership_remove(*, actor: User | None, membership: Membership) -> None:
    """Take one role away; the account, and its name in history, stay. The last role goes by deactivating."""
    if not Membership.objects.filter(user=membership.user).exclude(pk=membership.pk).exists():
        raise ValidationError(_("Ini peran terakhir %(user)s; nonaktifkan akunnya bila ia berhenti.")
                              % {"user": membership.user.username})  # fmt: skip
    with transaction.atomic():
        audit_record(
            actor=actor, action="delete", instance=membership,
            changes={"user": membership.user.username, "organisation": membership.organisation.name,
                     "role": membership.role},
        )  # fmt: skip
        membership.delete()


def staff_update(
    *, actor: User | None, user: User, first_name: str, last_name: str, email: str, phone: str
) -> User:
    """Name and contact of a staff member."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for field, clean, raw in (("phone", phone_clean, phone), ("email", _email_clean, email)):
        try:
            cleaned[field] = clean(raw)
        except ValidationError as error:
            errors.update(error.message_dict)
    if not first_name.strip():
        errors["first_name"] = [_("Isi nama depan.")]
    mentor = user.memberships.filter(role=Membership.Role.MENTOR).exists()
    if mentor and not cleaned.get("phone") and "phone" not in errors:
        errors["phone"] = [_("Pendamping perlu nomor WhatsApp: peserta dampingannya menghubunginya di sana.")]
    if errors:
        raise ValidationError(errors)
    fields = {"first_name": first_name.strip()[:150], "last_name": last_name.strip()[:150], **cleaned}
    changes = {
        name: [getattr(user, name), value] for name, value in fields.items() if getattr(user, name) != value
    }
    if not changes:
        return user
    with transaction.atomic():
        for name, value in fields.items():
            setattr(user, name, value)
        user.save(update_fields=list(changes))
        audit_record(actor=actor, action="update", instance=user, changes=changes)
        for membership in user.memberships.filter(role=Membership.Role.MENTOR).select_related("organisation"):
            hooks.after_role_granted(actor=actor, membership=membership)
    return user


def staff_deactivate(*, actor: User | None, user: User) -> User:
    """Close an account: no sign-in, sessions and API tokens ended, a mentor takes no new mentees. The
    account stays, so every record it touched still shows the name."""
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not locked.is_active:
            return locked
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        audit_record(actor=actor, action="update", instance=locked, changes={"is_active": [True, False]})
        api_tokens_revoke_all(user=locked, actor=actor, reason=ApiToken.RevokeReason.DEACTIVATED)
        hooks.after_account_deactivated(actor=actor, user=locked)
    user.is_active = False
    return locked


def staff_reactivate(*, actor: User | None, user: User) -> tuple[User, str]:
    """Open a closed account again, with a fresh link to set a new password (the old one is void)."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_active:
            raise ValidationError(_("Akun %(user)s masih aktif.") % {"user": locked.username})
        locked.is_active = True
        locked.set_unusable_password()
        locked.save(update_fields=["is_active", "password"])
        audit_record(actor=actor, action="update", instance=locked, changes={"is_active": [False, True]})
        link = _invitation_send(user=locked, organisation=_home_office(locked))
    return locked, link


def _home_office(user: User) -> Organisation:
    membership = user.memberships.select_related("organisation").order_by("pk").first()
    if membership is None:
        raise ValidationError(
            _("Akun %(user)s tidak punya peran di kantor mana pun.") % {"user": user.username}
        )
    return membership.organisation


def staff_password_reset(*, actor: User | None, user: User) -> str:
    """The old password stops working at once (and with it sessions and API tokens); a new one-time link
    is sent. Returns the link."""
    if not user.is_active:
        raise ValidationError(_("Akun %(user)s nonaktif; aktifkan dulu.") % {"user": user.username})
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_unusable_password()
        locked.save(update_fields=["password"])
        audit_record(actor=actor, action="update", instance=locked, changes={"password": "reset by admin"})
        api_tokens_revoke_all(user=locked, actor=actor, reason=ApiToken.RevokeReason.BY_ADMIN)
        link = _invitation_send(user=locked, organisation=_home_office(locked))
    user.password = locked.password
    return link


def staff_two_factor_reset(*, actor: User | None, user: User) -> None:
    """Remove a lost authenticator; the person enrols a new one at the next sign-in."""
    with transaction.atomic():
        security.two_factor_reset(user)
        audit_record(actor=actor, action="2fa_reset", instance=user, changes={})


def invitation_accepted(*, user: User) -> None:
    """The person set a password through the link: the lockout is lifted, old tokens end, recorded."""
    security.login_succeeded(user.get_username())
    api_tokens_revoke_all(user=user, actor=user, reason=ApiToken.RevokeReason.PASSWORD_RESET)
    audit_record(actor=user, action="update", instance=user, changes={"invitation": "accepted"})
