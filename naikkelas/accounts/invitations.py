"""One-time links that let a new (or reset) staff member set a password and sign in.

A link carries Django's password-reset token under its own salt: it names the account and is made from
its password hash, its last sign-in and whether it is active, so it stops working as soon as it has been
used (the password and the last sign-in change), when a newer reset replaces the password, when the
account is deactivated, or after PASSWORD_RESET_TIMEOUT. Nothing about it is stored."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from naikkelas.accounts.models import User


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "naikkelas.accounts.invitations.InvitationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:  # type: ignore[override]
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


invitation_tokens = InvitationTokenGenerator()


def invitation_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:invitation", args=[uid, invitation_tokens.make_token(user)])


def invitation_url(user: User) -> str:
    """The absolute link (the installation's address from SITE_URL), for a message or the terminal."""
    return settings.SITE_URL.rstrip("/") + invitation_path(user)
