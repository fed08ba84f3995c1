"""One-time codes: proof that the person at the screen controls a contact on record.

An NIK is printed on every KTP copy, so it never proves who someone is; a code sent to the WhatsApp
number or email the registry already holds does. Codes are six digits, kept only as a keyed hash, valid
for a limited time, and refused after MAX_ATTEMPTS wrong tries (the try is counted before the code is
compared, in one UPDATE, so parallel guesses cannot pass the limit)."""

import enum
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone

from naikkelas.core.crypto import keyed_hash
from naikkelas.core.models import OneTimeCode
from naikkelas.core.personal_data import Retention

MAX_ATTEMPTS = 5


class CodeCheck(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    # No code to check: never sent, already used, replaced by a newer one, expired or out of tries.
    DEAD = "dead"


@dataclass(frozen=True)
class CodeResult:
    outcome: CodeCheck
    attempts_left: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome is CodeCheck.OK


def _hash(purpose: str, subject: str, code: str) -> str:
    return keyed_hash(code, purpose=f"one-time-code:{purpose}:{subject}")


def one_time_code_issue(
    *, purpose: str, subject: str, ttl: timedelta, now: datetime | None = None
) -> tuple[OneTimeCode, str]:
    """A new code for (purpose, subject); codes issued before for the same pair stop working."""
    now = now or timezone.now()
    code = f"{secrets.randbelow(10**6):06d}"
    OneTimeCode.objects.filter(purpose=purpose, subject=subject, used_at__isnull=True).update(used_at=now)
    row = OneTimeCode.objects.create(
        purpose=purpose, subject=subject, code_hash=_hash(purpose, subject, code), expires_at=now + ttl
    )
    return row, code


def one_time_code_check(*, purpose: str, subject: str, code: str, now: datetime | None = None) -> CodeResult:
    """Check a typed code; a right one is used up, a wrong one costs a try."""
    now = now or timezone.now()
    row = (
        OneTimeCode.objects.filter(purpose=purpose, subject=subject, used_at__isnull=True, expires_at__gt=now)
        .order_by("-created_at", "-id")
        .first()
    )
    if row is None:
        return CodeResult(CodeCheck.DEAD)
    counted = OneTimeCode.objects.filter(pk=row.pk, attempts__lt=MAX_ATTEMPTS, used_at__isnull=True).update(
        attempts=F("attempts") + 1
    )
    if not counted:
        return CodeResult(CodeCheck.DEAD)
    row.refresh_from_db(fields=["attempts"])
    typed = "".join(ch for ch in code if ch.isdigit())
    if not hmac.compare_digest(_hash(purpose, subject, typed), row.code_hash):
        return CodeResult(CodeCheck.WRONG, attempts_left=max(MAX_ATTEMPTS - row.attempts, 0))
    used = OneTimeCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now)
    return CodeResult(CodeCheck.OK) if used else CodeResult(CodeCheck.DEAD)


def one_time_codes_expire(*, now: datetime | None = None) -> int:
    """Delete codes that can no longer be used (retention)."""
    now = now or timezone.now()
    deleted, _ = OneTimeCode.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()
    return deleted


def retention(run: Retention) -> dict[str, int]:
    """Spent and expired codes are deleted a day after they expire."""
    if run.dry_run:
        return {
            "one_time_codes": OneTimeCode.objects.filter(expires_at__lt=run.now - timedelta(days=1)).count()
        }
    return {"one_time_codes": one_time_codes_expire(now=run.now)}
