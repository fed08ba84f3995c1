"""Gateway adapters: how a message leaves the system on each channel. Settings choose one per channel
(NOTIFY_EMAIL_GATEWAY, NOTIFY_WHATSAPP_GATEWAY, NOTIFY_SMS_GATEWAY).

Every adapter receives the message's dedupe key: a gateway that sees the same key twice must not deliver
twice (the fake gateway does exactly that; the webhook sends it as an idempotency key header)."""

import json
import threading
import time
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string


class GatewayError(Exception):
    """The gateway refused or could not be reached; the message will be tried again."""


class HandDelivery(Exception):
    """No automatic gateway for this channel: staff send it by hand (WhatsApp click-to-chat)."""


class Gateway(Protocol):
    def send(self, *, recipient: str, subject: str, body: str, key: str) -> str:
        """Deliver and return the gateway's reference for the message."""
        ...


class EmailGateway:
    def send(self, *, recipient: str, subject: str, body: str, key: str) -> str:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
        return ""


class ManualGateway:
    # Staff send these by hand from the queue: the message may wait hours (notify_person prefers email).
    by_hand = True

    """Leaves WhatsApp/SMS messages for staff, who open a wa.me link with the text filled in."""

    def send(self, *, recipient: str, subject: str, body: str, key: str) -> str:
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

    def send(self, *, recipient: str, subject: str, body: str, key: str) -> str:
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

    def send(self, *, recipient: str, subject: str, body: str, key: str) -> str:
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


def gateway_for(channel: str) -> Gateway:
    path: str = settings.NOTIFY_GATEWAYS[channel]
    gateway: Gateway = import_string(path)()
    return gateway
