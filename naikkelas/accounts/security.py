"""Sign-in defences: lockout after repeated failures, TOTP two-step verification, session age.

Lockout counts failures in a sliding window, per account (someone guessing one person's password) and per
address (someone trying many accounts). Two-step verification is required of every admin: a stolen
admin password alone opens nothing.
"""

import base64
import hashlib
import hmac
import secrets
import struct
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from naikkelas.accounts.models import LoginFailure, Membership, TwoFactorDevice, User
from naikkelas.core import crypto
from naikkelas.core.http import client_address as client_address  # moved to core; kept for callers

TOTP_STEP_SECONDS = 30
TOTP_DIGITS = 6
# Codes from one step before or after are accepted: phone clocks drift.
TOTP_DRIFT_STEPS = 1


@dataclass(frozen=True)
class Lockout:
    locked: bool
    minutes_left: int = 0


def lockout_status(username: str, address: str | None) -> Lockout:
    """Locked when the account or the address has too many failures inside the window."""
    window = timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    since = timezone.now() - window
    recent = LoginFailure.objects.filter(at__gte=since)
    checks = [(recent.filter(username__iexact=username), settings.LOGIN_FAILURES_PER_ACCOUNT)]
    if address:
        checks.append((recent.filter(address=address), settings.LOGIN_FAILURES_PER_ADDRESS))
    for failures, limit in checks:
        times = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
        if len(times) >= limit:
            # Unlocked when the oldest of the last `limit` failures leaves the window.
            left = times[-1] + window - timezone.now()
            return Lockout(True, max(1, int(left.total_seconds() // 60) + 1))
    return Lockout(False)


def login_failed(username: str, address: str | None) -> None:
    LoginFailure.objects.create(username=username[:150], address=address, at=timezone.now())


def login_succeeded(username: str) -> None:
    """A correct password clears the account's failures (the address's stay until they expire)."""
    LoginFailure.objects.filter(username__iexact=username).delete()


def failures_expire() -> int:
    """Forget failures older than the window (run by `naikkelas tick`)."""
    cutoff = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    deleted, _ = LoginFailure.objects.filter(at__lt=cutoff).delete()
    return deleted


# --- two-step verification ---------------------------------------------------------------------------


def two_factor_required(user: User) -> bool:
    """Admins of any organisation and Django staff must verify a second factor."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return Membership.objects.filter(user=user, role=Membership.Role.ADMIN).exists()


def _totp_at(secret: bytes, step: int) -> str:
    digest = hmac.new(secret, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**TOTP_DIGITS).zfill(TOTP_DIGITS)


def totp_code(secret_b32: str, *, at: float | None = None) -> str:
    """The current code of a base32 secret (what the authenticator app shows)."""
    step = int((time.time() if at is None else at) // TOTP_STEP_SECONDS)
    return _totp_at(base64.b32decode(secret_b32), step)


def device_secret(device: TwoFactorDevice) -> str:
    return crypto.decrypt(device.secret_encrypted)


def device_start(user: User) -> TwoFactorDevice:
    """A new, unconfirmed secret for the user (replacing an unconfirmed one); a confirmed one stays."""
    secret = base64.b32encode(secrets.token_bytes(20)).decode()
    device, created = TwoFactorDevice.objects.get_or_create(
        user=user, defaults={"secret_encrypted": crypto.encrypt(secret)}
    )
    if not created and device.confirmed_at is None:
        device.secret_encrypted = crypto.encrypt(secret)
        device.last_step = 0
        device.save(update_fields=["secret_encrypted", "last_step"])
    return device


def provisioning_uri(device: TwoFactorDevice) -> str:
    label = quote(f"Naik Kelas:{device.user.get_username()}")
    return f"otpauth://totp/{label}?secret={device_secret(device)}&issuer=Naik%20Kelas&digits=6&period=30"


def code_verify(device: TwoFactorDevice, code: str, *, at: float | None = None) -> bool:
    """True once per valid code: the step is remembered so a code seen over a shoulder cannot be replayed."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != TOTP_DIGITS:
        return False
    secret = base64.b32decode(device_secret(device))
    now_step = int((time.time() if at is None else at) // TOTP_STEP_SECONDS)
    with transaction.atomic():
        locked = TwoFactorDevice.objects.select_for_update().get(pk=device.pk)
        for step in range(now_step - TOTP_DRIFT_STEPS, now_step + TOTP_DRIFT_STEPS + 1):
            if step > locked.last_step and hmac.compare_digest(_totp_at(secret, step), code):
                locked.last_step = step
                if locked.confirmed_at is None:
                    locked.confirmed_at = timezone.now()
                locked.save(update_fields=["last_step", "confirmed_at"])
                device.last_step, device.confirmed_at = locked.last_step, locked.confirmed_at
                return True
    return False


def has_confirmed_device(user: User) -> bool:
    return TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def two_factor_reset(user: User) -> None:
    """Remove a lost authenticator (the user enrols again at the next sign-in)."""
    TwoFactorDevice.objects.filter(user=user).delete()
