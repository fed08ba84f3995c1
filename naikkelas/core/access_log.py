"""The access log: every full view of an NIK and every export of personal data, with whose data it was.

Views and API resolvers call `note(request, ...)` as they show data; the middleware writes one row per
request when the response goes out (nothing is written for a request that failed). For a suspected breach,
`accessed_between` answers whose data was seen, by whom, in a time window.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from naikkelas.core.http import client_address
from naikkelas.core.models import AccessLog
from naikkelas.core.personal_data import Retention

_ATTRIBUTE = "_naikkelas_personal_access"


@dataclass
class _Pending:
    purpose: str
    what: str
    person_ids: set[int] = field(default_factory=set)


def note(request: HttpRequest, person_ids: Iterable[int], *, purpose: str, what: str) -> None:
    """Remember that this request shows or exports these people's data."""
    pending: dict[tuple[str, str], _Pending] = request.__dict__.setdefault(_ATTRIBUTE, {})
    entry = pending.setdefault((purpose, what), _Pending(purpose, what))
    entry.person_ids.update(int(pk) for pk in person_ids)


def flush(request: HttpRequest) -> int:
    pending: dict[tuple[str, str], _Pending] = request.__dict__.pop(_ATTRIBUTE, {})
    if not pending:
        return 0
    user = getattr(request, "user", None)
    who = user if user is not None and user.is_authenticated else None
    now = timezone.now()
    rows = [
        AccessLog(
            at=now,
            user=who,
            username=who.get_username() if who else "",
            address=client_address(request),
            method=request.method or "",
            path=request.get_full_path()[:300],
            purpose=entry.purpose,
            what=entry.what[:60],
            person_ids=sorted(entry.person_ids),
            person_count=len(entry.person_ids),
        )
        for entry in pending.values()
        if entry.person_ids
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)


class AccessLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400:
            flush(request)
        else:
            request.__dict__.pop(_ATTRIBUTE, None)
        return response


@dataclass(frozen=True)
class Exposure:
    person_id: int
    accesses: int
    users: tuple[str, ...]
    first_at: datetime
    last_at: datetime


def record(
    *, user: Any, person_ids: Iterable[int], purpose: str, what: str, path: str = ""
) -> AccessLog | None:
    """Write one row at once, for work outside a request (a background import, a command)."""
    ids = sorted({int(pk) for pk in person_ids})
    if not ids:
        return None
    return AccessLog.objects.create(
        at=timezone.now(),
        user=user,
        username=user.get_username() if user else "",
        address=None,
        method="",
        path=path[:300],
        purpose=purpose,
        what=what[:60],
        person_ids=ids,
        person_count=len(ids),
    )


def accessed_between(start: datetime, end: datetime, *, username: str = "") -> list[Exposure]:
    """Whose data was seen or exported in [start, end), how often, by whom: the breach notification list."""
    logs = AccessLog.objects.filter(at__gte=start, at__lt=end)
    if username:
        logs = logs.filter(username=username)
    seen: dict[int, list[tuple[datetime, str]]] = {}
    for at, who, ids in logs.values_list("at", "username", "person_ids").iterator(chunk_size=500):
        for person_id in ids:
            seen.setdefault(person_id, []).append((at, who))
    return [
        Exposure(
            person_id=pk,
            accesses=len(hits),
            users=tuple(sorted({who for _at, who in hits})),
            first_at=min(at for at, _who in hits),
            last_at=max(at for at, _who in hits),
        )
        for pk, hits in sorted(seen.items())
    ]


def retention(run: Retention) -> dict[str, int]:
    """Access-log rows are kept RETENTION_ACCESS_LOG_DAYS, then deleted."""
    old = AccessLog.objects.filter(at__lt=run.now - timedelta(days=settings.RETENTION_ACCESS_LOG_DAYS))
    count = old.count()
    if not run.dry_run:
        old.delete()
    return {"access_logs": count}
