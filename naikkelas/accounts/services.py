"""Writes for accounts: organisations, memberships and API tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from naikkelas.accounts.models import ApiToken, Membership, Organisation, User
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


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: User) -> str:
    """Issue a bearer token; the plain key is returned once and only its hash is kept."""
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        ApiToken.objects.create(
            user=user,
            key_hash=hash_token(key),
            expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
        )
    return key


def user_for_token(key: str) -> User | None:
    token = (
        ApiToken.objects.filter(key_hash=hash_token(key), expires_at__gt=timezone.now())
        .select_related("user")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token.user
