"""Sign-in defences: lockout after repeated failures, TOTP two-step verification, session age; the password-reset mail.

Lockout counts failures in a sliding window, per account (someone guessing one person's password) and per
address (someone trying many accounts). Each attempt is counted *before* its password is checked, under a
lock on the account's and the address's throttle rows, so twenty parallel guesses take turns and at most
the limit of them is evaluated; a success removes the account's rows again. Two-step verification is
required of every admin: a stolen admin password alone opens nothing.
"""

import base64
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone, translation

from naikkelas.accounts.models import LoginFailure, LoginThrottle, Membership, TwoFactorDevice, User
from naikkelas.core import crypto

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


def _throttle_keys(username: str, address: str | None) -> list[str]:
    # Always the account first, then the address: every attempt takes the locks in the same order, so two
    # attempts never wait on each other in a circle.
    keys = [f"u:{username.lower()[:150]}"]
    if address:
        keys.append(f"a:{address}")
    return keys


def _throttle_lock(key: str, now: datetime) -> None:
    """Hold the key's row until the transaction ends.

    An UPDATE, not a SELECT: on PostgreSQL it takes the row lock, and on SQLite (IMMEDIATE transactions) a
    write is what takes the database's write lock, so the count that follows sees every earlier attempt."""
    if LoginThrottle.objects.filter(key=key).update(touched_at=now):
        return
    try:
        with transaction.atomic():
            LoginThrottle.objects.create(key=key, touched_at=now)
    except IntegrityError:  # another attempt created it first; wait for it and take the lock
        LoginThrottle.objects.filter(key=key).update(touched_at=now)


def attempt_begin(username: str, address: str | None, *, step: str = LoginFailure.Step.PASSWORD) -> Lockout:
    """Count one sign-in attempt (a password, or a second-factor code) before it is checked; while
    locked, refuse it uncounted.

    The attempt stays counted as a failure unless `password_succeeded` or `login_succeeded` clears it."""
    with transaction.atomic():
        now = timezone.now()
        for key in _throttle_keys(username, address):
            _throttle_lock(key, now)
        status = lockout_status(username, address)
        if not status.locked:
            LoginFailure.objects.create(username=username[:150], address=address, at=now, step=step)
    return status


def password_succeeded(username: str) -> None:
    """A right password clears the account's password attempts; wrong second-factor codes stay counted
    (otherwise each new sign-in would give a code guesser a fresh count)."""
    LoginFailure.objects.filter(username__iexact=username, step=LoginFailure.Step.PASSWORD).delete()


def login_succeeded(username: str) -> None:
    """A complete sign-in (password and, where required, the code) clears all the account's attempts."""
    LoginFailure.objects.filter(username__iexact=username).delete()


def failures_expire() -> int:
    """Forget failures (and idle throttle rows) older than the window (run by `naikkelas tick`)."""
    cutoff = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    deleted, _ = LoginFailure.objects.filter(at__lt=cutoff).delete()
    LoginThrottle.objects.filter(touched_at__lt=cutoff).delete()
    return deleted


# --- two-step verification ---------------------------------------------------------------------------


def two_factor_required(user: User) -> bool:
    """Admins of any organisation and Django staff must verify a second factor."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return Membership.objects.filter(user=user, role=Membership.Role.ADMIN).exists()


def _totp(secret_b32: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret_b32, digits=TOTP_DIGITS, interval=TOTP_STEP_SECONDS)


def totp_code(secret_b32: str, *, at: float | None = None) -> str:
    """The current code of a base32 secret (what the authenticator app shows)."""
    return _totp(secret_b32).at(time.time() if at is None else at)


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
    return _totp(device_secret(device)).provisioning_uri(
        name=device.user.get_username(), issuer_name="Naik Kelas"
    )


def code_verify(device: TwoFactorDevice, code: str, *, at: float | None = None) -> bool:
    """True once per valid code: the step is remembered so a code seen over a shoulder cannot be replayed."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != TOTP_DIGITS:
        return False
    # pyotp does the RFC 6238 arithmetic; the replay guard (last step used) and the lockout stay ours.
    totp = _totp(device_secret(device))
    now = time.time() if at is None else at
    now_step = int(now // TOTP_STEP_SECONDS)
    with transaction.atomic():
        locked = TwoFactorDevice.objects.select_for_update().get(pk=device.pk)
        for step in range(now_step - TOTP_DRIFT_STEPS, now_step + TOTP_DRIFT_STEPS + 1):
            if step > locked.last_step and hmac.compare_digest(totp.at(step * TOTP_STEP_SECONDS), code):
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


@task()
def password_reset_mail_task(email: str, domain: str, use_https: bool, language: str) -> None:
    """Send a reset link to each active account with this address; for an unknown address, nothing.

    The page only queues this task, the same way for every address, so neither its answer nor its time
    tells whether an address has an account (looking up, making the link and sending happen here)."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    with translation.override(language):
        form.save(domain_override=domain, use_https=use_https)
