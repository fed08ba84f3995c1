"""Gateway adapters: how a message leaves the system on each channel. Settings choose one per channel
(NOTIFY_EMAIL_GATEWAY, NOTIFY_WHATSAPP_GATEWAY, NOTIFY_SMS_GATEWAY).

Every adapter receives the message's dedupe key: a gateway that sees the same key twice must not deliver
twice (the fake gateway does exactly that; the webhook sends it as an idempotency key header)."""

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string


class GatewayError(Exception):
    """The gateway refused or could not be reached; the message will be tried again."""


class HandDelivery(Exception):
    """No automatic gateway for this channel: staff send it by hand (WhatsApp click-to-chat)."""


@dataclass(frozen=True)
class TemplateCall:
    """An approved provider template to send instead of free text: its name, language and parameters."""

    name: str
    language: str
    parameters: tuple[str, ...] = ()


class Gateway(Protocol):
    def send(
        self, *, recipient: str, subject: str, body: str, key: str, template: TemplateCall | None = None
    ) -> str:
        """Deliver and return the gateway's reference for the message. `template`, when the message type
        has an approved provider template, is what a templated gateway sends; others ignore it."""
        ...


class EmailGateway:
    def send(
        self, *, recipient: str, subject: str, body: str, key: str, template: TemplateCall | None = None
    ) -> str:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
        return ""


class ManualGateway:
    # Staff send these by hand from the queue: the message may wait hours (notify_person prefers email).
    by_hand = True

    """Leaves WhatsApp/SMS messages for staff, who open a wa.me link with the text filled in."""

    def send(
        self, *, recipient: str, subject: str, body: str, key: str, template: TemplateCall | None = None
    ) -> str:
        raise HandDelivery


@dataclass
class FakeDelivery:
    recipient: str
    subject: str
    body: str
    key: str


class FakeGateway:
    """For tests, the demo and benchmarks: remembers what it delivered (once per key), can be told to
    fail the next N sends and to take some milliseconds per message (NOTIFY_FAKE_LATENCY_MS)."""

    delivered: list[FakeDelivery] = []
    failures_left = 0
    failure_message = "gateway tidak menjawab"
    _lock = threading.Lock()

    @classmethod
    def reset(cls, *, failures: int = 0, failure_message: str = "gateway tidak menjawab") -> None:
        with cls._lock:
            cls.delivered = []
            cls.failures_left = failures
            cls.failure_message = failure_message

    def send(
        self, *, recipient: str, subject: str, body: str, key: str, template: TemplateCall | None = None
    ) -> str:
        latency = getattr(settings, "NOTIFY_FAKE_LATENCY_MS", 0)
        if latency:
            time.sleep(latency / 1000)
        with self._lock:
            cls = type(self)
            if cls.failures_left > 0:
                cls.failures_left -= 1
                raise GatewayError(cls.failure_message)
            if any(d.key == key for d in cls.delivered):
                return f"fake-{key}"
            cls.delivered.append(FakeDelivery(recipient, subject, body, key))
            return f"fake-{key}"


class WebhookGateway:
    """Posts {"to", "subject", "text"} as JSON to NOTIFY_WEBHOOK_URL (a WhatsApp/SMS provider or a relay),
    with a bearer token and an Idempotency-Key header; any status other than 2xx is an error."""

    def send(
        self, *, recipient: str, subject: str, body: str, key: str, template: TemplateCall | None = None
    ) -> str:
        url = settings.NOTIFY_WEBHOOK_URL
        if not url:
            raise GatewayError("NOTIFY_WEBHOOK_URL belum diatur")
        if not url.startswith(("https://", "http://")):
            raise GatewayError("NOTIFY_WEBHOOK_URL harus http(s)")
        payload = json.dumps({"to": recipient, "subject": subject, "text": body}).encode()
        request = urllib.request.Request(url, data=payload, method="POST")  # noqa: S310 (scheme checked)
        request.add_header("Content-Type", "application/json")
        request.add_header("Idempotency-Key", key)
        if settings.NOTIFY_WEBHOOK_TOKEN:
            request.add_header("Authorization", f"Bearer {settings.NOTIFY_WEBHOOK_TOKEN}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.read(100).decode(errors="replace").strip()
        except OSError as error:
            raise GatewayError(str(error)) from error


class WhatsAppCloudGateway:
    """WhatsApp Business Platform (Cloud API): POST {WHATSAPP_BASE_URL}/{WHATSAPP_PHONE_NUMBER_ID}/messages
    with the access token. A message type with an approved template goes out as that template with its
    parameters (reminders and results must: the provider refuses free text outside 24 hours of the person's
    last message); otherwise as text. The provider's message id comes back as the reference, which its
    delivery webhooks name. A refusal raises GatewayError with the provider's error code, so retries keep it."""

    templated = True

    def send(
        self, *, recipient: str, subject: str, body: str, key: str, template: TemplateCall | None = None
    ) -> str:
        base = settings.WHATSAPP_BASE_URL.rstrip("/")
        if not (base.startswith(("https://", "http://")) and settings.WHATSAPP_PHONE_NUMBER_ID):
            raise GatewayError("WHATSAPP_BASE_URL dan WHATSAPP_PHONE_NUMBER_ID belum diatur")
        to = "".join(ch for ch in recipient if ch.isdigit())
        payload: dict[str, object] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
        }
        if template is not None:
            payload["type"] = "template"
            payload["template"] = {
                "name": template.name,
                "language": {"code": template.language},
                "components": [
                    {"type": "body", "parameters": [{"type": "text", "text": p} for p in template.parameters]}
                ]
                if template.parameters
                else [],
            }
        else:
            payload["type"] = "text"
            payload["text"] = {"preview_url": False, "body": body[:4096]}
        url = f"{base}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"
        request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST")  # noqa: S310
        request.add_header("Content-Type", "application/json")
        request.add_header("Authorization", f"Bearer {settings.WHATSAPP_TOKEN}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (scheme checked)
                answer = json.loads(response.read(65536) or b"{}")
        except urllib.error.HTTPError as error:
            raise GatewayError(_provider_error(error)) from error
        except (OSError, ValueError) as error:
            raise GatewayError(str(error)) from error
        try:
            return str(answer["messages"][0]["id"])
        except (KeyError, IndexError, TypeError) as error:
            raise GatewayError("WhatsApp: jawaban tanpa id pesan") from error


def _provider_error(error: "urllib.error.HTTPError") -> str:
    """'WhatsApp 131047: Re-engagement message' from the provider's error body, else the HTTP status."""
    try:
        detail = json.loads(error.read(65536)).get("error", {})
        return f"WhatsApp {detail.get('code', error.code)}: {detail.get('message', '')}".strip()
    except (ValueError, AttributeError, OSError):
        return f"WhatsApp HTTP {error.code}"


class QontakGateway:
    """An official Indonesian WhatsApp provider in Qontak's shape (a Business Solution Provider of the
    same WhatsApp Business Platform): POST {QONTAK_BASE_URL}/broadcasts/whatsapp/direct with the access
    token, naming the approved template by its id at the provider and the channel integration. Only
    template messages: a message type without a template is refused, so it is retried and then shows as
    failed with the reason, never sent in another form."""

    templated = True

    def send(
        self, *, recipient: str, subject: str, body: str, key: str, template: TemplateCall | None = None
    ) -> str:
        base = settings.QONTAK_BASE_URL.rstrip("/")
        if not (base.startswith(("https://", "http://")) and settings.QONTAK_CHANNEL_ID):
            raise GatewayError("QONTAK_BASE_URL dan QONTAK_CHANNEL_ID belum diatur")
        if template is None:
            raise GatewayError("Qontak: jenis pesan ini belum punya templat WhatsApp yang disetujui")
        payload = {
            "to_number": "".join(ch for ch in recipient if ch.isdigit()),
            "to_name": template.parameters[0] if template.parameters else "",
            "message_template_id": template.name,
            "channel_integration_id": settings.QONTAK_CHANNEL_ID,
            "language": {"code": template.language},
            "parameters": {
                "body": [
                    {"key": str(n), "value": f"p{n}", "value_text": value}
                    for n, value in enumerate(template.parameters, start=1)
                ]
            },
        }
        answer = _post_json(f"{base}/broadcasts/whatsapp/direct", payload, settings.QONTAK_TOKEN, "Qontak")
        data = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(data, dict) or not data.get("id"):
            raise GatewayError("Qontak: jawaban tanpa id pesan")
        return str(data["id"])


class ZenzivaSmsGateway:
    """SMS in Zenziva's shape: POST form fields userkey, passkey, to, message to ZENZIVA_URL; the answer's
    status "1" is success (its messageId is the reference), anything else an error with its text. Used as
    the fallback when a WhatsApp reminder fails (NOTIFY_SMS_FALLBACK)."""

    def send(
        self, *, recipient: str, subject: str, body: str, key: str, template: TemplateCall | None = None
    ) -> str:
        url = settings.ZENZIVA_URL
        if not url.startswith(("https://", "http://")) or not settings.ZENZIVA_USERKEY:
            raise GatewayError("ZENZIVA_URL dan ZENZIVA_USERKEY belum diatur")
        form = urllib.parse.urlencode({
            "userkey": settings.ZENZIVA_USERKEY, "passkey": settings.ZENZIVA_PASSKEY,
            "to": "".join(ch for ch in recipient if ch.isdigit()), "message": body[:918],  # 6 SMS parts
        }).encode()  # fmt: skip
        request = urllib.request.Request(url, data=form, method="POST")  # noqa: S310 (scheme checked)
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                answer = json.loads(response.read(65536) or b"{}")
        except urllib.error.HTTPError as error:
            raise GatewayError(f"Zenziva HTTP {error.code}") from error
        except (OSError, ValueError) as error:
            raise GatewayError(str(error)) from error
        if not isinstance(answer, dict) or str(answer.get("status")) != "1":
            text = answer.get("text", "") if isinstance(answer, dict) else ""
            raise GatewayError(f"Zenziva: {text or 'ditolak'}")
        return str(answer.get("messageId", ""))


def _post_json(url: str, payload: Mapping[str, object], token: str, provider: str) -> object:
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST")  # noqa: S310
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (scheme checked by caller)
            return json.loads(response.read(65536) or b"{}")
    except urllib.error.HTTPError as error:
        try:
            detail = json.loads(error.read(65536))
            text = detail.get("error", {}).get("messages") or detail.get("message") or ""
        except (ValueError, AttributeError, OSError):
            text = ""
        raise GatewayError(f"{provider} HTTP {error.code}: {text}".strip().rstrip(":")) from error
    except (OSError, ValueError) as error:
        raise GatewayError(str(error)) from error


def gateway_for(channel: str) -> Gateway:
    path: str = settings.NOTIFY_GATEWAYS[channel]
    gateway: Gateway = import_string(path)()
    return gateway
