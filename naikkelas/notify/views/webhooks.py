"""The WhatsApp Business Platform webhook: delivery statuses and people's replies.

Only the provider may call it: every POST must carry X-Hub-Signature-256, the HMAC-SHA256 of the exact
body with the app secret (WHATSAPP_APP_SECRET); anything unsigned or wrongly signed is refused before it is
read, and with no secret set everything is refused. The provider delivers at least once and out of order,
so each status and each reply is applied idempotently (services.message_status_report, inbound_receive).
The GET is the provider's subscription check (hub.verify_token)."""

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from naikkelas.notify.services.outbox import inbound_receive, message_status_report

MAX_BODY_BYTES = 1024 * 1024


def signature_valid(body: bytes, header: str) -> bool:
    secret = settings.WHATSAPP_APP_SECRET
    if not secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def _moment(value: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _error_text(status: dict[str, Any]) -> str:
    errors = status.get("errors") or []
    if not isinstance(errors, list) or not errors or not isinstance(errors[0], dict):
        return "WhatsApp: gagal terkirim"
    first = errors[0]
    return f"WhatsApp {first.get('code', '')}: {first.get('title') or first.get('message') or ''}".strip()


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def apply_payload(payload: dict[str, Any]) -> tuple[int, int]:
    """Apply every status and reply in a webhook payload; (statuses that changed a message, replies kept)."""
    changed = kept = 0
    entries = payload.get("entry") if isinstance(payload, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        for change in (entry.get("changes") or []) if isinstance(entry, dict) else []:
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                continue
            for status in value.get("statuses") or []:
                if isinstance(status, dict) and message_status_report(
                    provider_ref=str(status.get("id", ""))[:100],
                    status=str(status.get("status", "")),
                    error=_error_text(status) if status.get("status") == "failed" else "",
                    at=_moment(status.get("timestamp")),
                ):
                    changed += 1
            for message in value.get("messages") or []:
                if not isinstance(message, dict):
                    continue
                text = _mapping(message.get("text"))
                context = _mapping(message.get("context"))
                if inbound_receive(
                    provider_id=str(message.get("id", "")),
                    sender=str(message.get("from", "")),
                    body=str(text.get("body", "")),
                    in_reply_to=str(context.get("id", ""))[:100],
                    at=_moment(message.get("timestamp")),
                ):
                    kept += 1
    return changed, kept


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        token = settings.WHATSAPP_VERIFY_TOKEN
        given = request.GET.get("hub.verify_token", "")
        if request.GET.get("hub.mode") == "subscribe" and token and hmac.compare_digest(given, token):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden("verify token salah")
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
        return HttpResponseBadRequest("terlalu besar")
    body = request.body
    if not signature_valid(body, request.headers.get("X-Hub-Signature-256", "")):
        return HttpResponseForbidden("tanda tangan tidak sah")
    try:
        payload = json.loads(body)
    except ValueError:
        return HttpResponseBadRequest("bukan JSON")
    apply_payload(payload if isinstance(payload, dict) else {})
    return HttpResponse("ok", content_type="text/plain")
