"""API tokens: created, resolved to their user, revoked one by one or all at once."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from naikkelas.accounts.models import ApiToken, User
from naikkelas.core.audit import audit_record


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def password_fingerprint(user: User) -> str:
    """What binds a token to the password it was issued under: any new password (or none) changes it.

    A hash of the stored hash, so it tells a reader of the table nothing the user table does not."""
    return hashlib.sha256(user.password.encode()).hexdigest()


# A token's last use is written at most once a minute: reads should not all become writes.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def api_token_create(*, user: User, name: str = "") -> str:
    """Issue a bearer token; the plain key is returned once and only its hash is kept."""
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        ApiToken.objects.create(
            user=user,
            key_hash=hash_token(key),
            name=name.strip()[:100],
            expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
            password_fingerprint=password_fingerprint(user),
        )
    return key


def user_for_token(key: str) -> User | None:
    """The user of a live token: not expired, not revoked, the password unchanged, the account active."""
    now = timezone.now()
    token = (
        ApiToken.objects.filter(key_hash=hash_token(key), expires_at__gt=now, revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if not hmac.compare_digest(token.password_fingerprint, password_fingerprint(token.user)):
        return None
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """End one token (its owner, or an admin of the owner's office); revoking it again changes nothing."""
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is None:
            reason = (
                ApiToken.RevokeReason.BY_OWNER
                if actor.pk == locked.user_id
                else ApiToken.RevokeReason.BY_ADMIN
            )
            locked.revoked_at = timezone.now()
            locked.revoked_reason = reason
            locked.revoked_by = actor
            locked.full_clean()
            locked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
            audit_record(
                actor=actor, action="update", instance=locked, changes={"revoked_reason": ["", reason]}
            )
    token.revoked_at, token.revoked_reason = locked.revoked_at, locked.revoked_reason
    token.revoked_by_id = locked.revoked_by_id
    return token


def api_tokens_revoke_all(*, user: User, actor: User | None, reason: str) -> int:
    """End every live token of a user: the one place called when a password is changed, reset or set,
    and when an account is closed. Returns how many were ended."""
    with transaction.atomic():
        revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now(),
            revoked_reason=reason,
            revoked_by=actor if actor is not None and actor.is_authenticated else None,
        )
        if revoked:
            changes = {"api_tokens_revoked": revoked, "reason": reason}
            audit_record(actor=actor, action="update", instance=user, changes=changes)
    return revoked
