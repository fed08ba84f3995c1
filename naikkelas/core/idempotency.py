"""Writes applied once, and edits that arrive late kept rather than lost: the server half of working
without signal (docs/field.md).

A phone that sends a form from its outbox labels it with a UUID it made itself, in the
`Idempotency-Key` header or the hidden form field `client_id`. The first time a key arrives the view runs
and its answer (status, redirect, body) is kept with a hash of the normalised payload; the same key with
the same payload gets that first answer again and writes nothing; the same key with another payload is
refused with 409. Keys belong to the signed-in user (or, on a page without sign-in, to the page), so no
one can replay another's key.

A form that edits an existing record carries the version it was loaded with (`loaded_version`, usually
the record's last change time). When the server's version has moved on since, `flag_stale_edit` keeps
the late edit as an `EditConflict` for the region's admin instead of writing over the newer value.
"""

import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from naikkelas.core.audit import audit_record
from naikkelas.core.models import EditConflict, IdempotencyKey
from naikkelas.core.personal_data import Retention

KEY_HEADER = "Idempotency-Key"
KEY_FIELD = "client_id"
VERSION_FIELD = "loaded_version"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Fields that differ between two sends of the same form without changing what it says.
_NOT_PAYLOAD = frozenset({"csrfmiddlewaretoken", KEY_FIELD})
# Answers larger than this are kept without their body (a replay then answers with the status alone).
MAX_KEPT_BODY = 256 * 1024

View = Callable[..., HttpResponseBase]


def request_key(request: HttpRequest) -> str:
    """The client's key as sent (header first, then the form field); empty when there is none."""
    header = request.headers.get(KEY_HEADER, "")
    if header:
        return header.strip()
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return str(request.POST.get(KEY_FIELD, "")).strip()
    return ""


def payload_hash(request: HttpRequest) -> str:
    """A hash of what the request says: method, path, form fields (sorted, values in order), uploaded
    files by name and content, or a JSON body with its keys sorted. The CSRF token and the key are left
    out, so a resend with a fresh token is still the same payload."""
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.path}\n".encode())
    if request.content_type == "application/json":
        try:
            body: Any = json.loads(request.body or b"null")
        except ValueError:
            body = request.body.decode("utf-8", "replace")
        digest.update(json.dumps(body, sort_keys=True, ensure_ascii=False).encode())
    elif request.method == "POST":
        fields = sorted((k, v) for k, v in request.POST.lists() if k not in _NOT_PAYLOAD)
        digest.update(json.dumps(fields, ensure_ascii=False).encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                content = hashlib.sha256()
                for chunk in upload.chunks():
                    content.update(chunk)
                upload.seek(0)
                digest.update(f"\n{name}:{upload.name}:{content.hexdigest()}".encode())
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _subject(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    authorization = request.headers.get("Authorization", "")
    if authorization:
        # An API call: the view authenticates later, so the credential itself names the subject.
        return "auth:" + hashlib.sha256(authorization.encode()).hexdigest()
    # A page without sign-in is reached by a secret link: keep a hash of its path, never the path.
    return "path:" + hashlib.sha256(request.path.encode()).hexdigest()


def _refusal(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


def _refused_by_message(request: HttpRequest) -> bool:
    """Whether the view told the user of an error through the messages framework (a redirect that
    carries a refusal): such an answer is not kept, so a resend shows the reason again."""
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return any(message.level >= messages.ERROR for message in queued)


def _replay(record: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(
        bytes(record.body), status=record.status_code or 200, content_type=record.content_type or None
    )
    if record.location:
        response["Location"] = record.location
    response["Idempotent-Replayed"] = "true"
    return response


def run_once(request: HttpRequest, key: uuid.UUID, view: Callable[[], HttpResponseBase]) -> HttpResponseBase:
    """Run the view for this key once; answer a repeat with the first answer, a changed payload with 409."""
    subject, digest = _subject(request), payload_hash(request)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    subject=subject,
                    key=key,
                    payload_hash=digest,
                    method=request.method or "",
                    path=request.path[:500] if subject.startswith("user:") else "",
                )
        except IntegrityError:
            # On PostgreSQL a concurrent first send holds the row until it commits; this waits for it.
            record = IdempotencyKey.objects.select_for_update().get(subject=subject, key=key)
            if record.payload_hash != digest:
                return _refusal(
                    409,
                    _(
                        "Kunci pengiriman ini sudah dipakai untuk isian lain. Isian ini tidak disimpan; "
                        "kirim ulang sebagai isian baru."
                    ),
                )
            return _replay(record)
        response = view()
        if response.status_code >= 400 or _refused_by_message(request):
            record.delete()
            return response
        record.status_code = response.status_code
        record.location = str(response.get("Location", ""))[:500]
        record.content_type = str(response.get("Content-Type", ""))[:100]
        streaming = getattr(response, "streaming", False)
        content = b"" if streaming else bytes(getattr(response, "content", b""))
        record.body = content if len(content) <= MAX_KEPT_BODY else b""
        record.save(update_fields=["status_code", "location", "content_type", "body"])
    return response


def idempotent(view: View) -> View:
    """Decorate a view (or a django-ninja operation through `decorate_view`) whose writes may be resent
    from a phone's outbox: a write carrying a key is applied once (see the module docstring)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in WRITE_METHODS:
            return view(request, *args, **kwargs)
        raw = request_key(request)
        if not raw:
            return view(request, *args, **kwargs)
        try:
            key = uuid.UUID(raw)
        except ValueError:
            return _refusal(400, _("Kunci pengiriman tidak sah: harus berupa UUID."))
        return run_once(request, key, lambda: view(request, *args, **kwargs))

    return wrapped


def version_of(moment: Any) -> str:
    """The version string a form carries for a record: its last change time (empty: no record yet)."""
    return moment.isoformat() if moment else ""


def flag_stale_edit(
    request: HttpRequest,
    *,
    actor: Any,
    instance: models.Model | None,
    current: str,
    area: Any,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    summary: str = "",
) -> bool:
    """Keep an edit made on an older version of a record as a conflict for the region's admin (and
    tell the sender); True when it was stale and must not be applied. A form without a version is
    never stale.

    `area` is the enterprise the record belongs to (anything with province_code, regency_code and
    district_id), so the conflict is seen by that region's admins; `summary` says in words what the
    late edit would have set (the admin reads it, not the raw form fields)."""
    loaded = request.POST.get(VERSION_FIELD)
    if loaded is None or loaded == current:
        return False
    submitted = {k: v for k, v in request.POST.lists() if k not in _NOT_PAYLOAD | {VERSION_FIELD}}
    with transaction.atomic():
        conflict = EditConflict.objects.create(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            object_type=instance._meta.label_lower if instance is not None else object_type,
            object_id=str(instance.pk) if instance is not None else object_id,
            object_repr=(str(instance) if instance is not None else object_repr)[:200],
            url=request.path[:500] if getattr(actor, "is_authenticated", False) else "",
            summary=summary[:300],
            loaded_version=loaded[:60],
            server_version=current[:60],
            submitted=submitted,
            province_code=getattr(area, "province_code", "") or "",
            regency_code=getattr(area, "regency_code", "") or "",
            district_code=getattr(area, "district_id", "") or "",
        )
        audit_record(
            actor=actor,
            action="create",
            instance=conflict,
            changes={"object": f"{conflict.object_type}#{conflict.object_id}", "submitted": submitted},
        )
    messages.warning(
        request,
        _(
            "Data ini sudah diubah orang lain setelah formulir Anda dibuka. Isian Anda tidak menimpa "
            "perubahan itu, tetapi disimpan untuk diperiksa admin wilayah."
        ),
    )
    return True


def edit_conflict_resolve(*, actor: Any, conflict: EditConflict) -> EditConflict:
    """The region's admin has settled a late edit (applied it by hand, or decided the newer value stands)."""
    if conflict.status == EditConflict.Status.RESOLVED:
        raise ValidationError(_("Bentrok ini sudah ditangani."))
    from django.utils import timezone

    with transaction.atomic():
        conflict.status = EditConflict.Status.RESOLVED
        conflict.resolved_by = actor
        conflict.resolved_at = timezone.now()
        conflict.save(update_fields=["status", "resolved_by", "resolved_at"])
        audit_record(
            actor=actor, action="update", instance=conflict, changes={"status": ["open", "resolved"]}
        )
    return conflict


# A phone resends within days; the kept answers hold pages with personal data, so they do not stay long.
KEEP_ANSWERS_DAYS = 14


def retention(run: Retention) -> dict[str, int]:
    """Kept answers are deleted two weeks after their first send (privacy's daily retention run)."""
    old = IdempotencyKey.objects.filter(created_at__lt=run.now - timedelta(days=KEEP_ANSWERS_DAYS))
    if run.dry_run:
        return {"idempotency_keys": old.count()}
    deleted, _by_model = old.delete()
    return {"idempotency_keys": deleted}
