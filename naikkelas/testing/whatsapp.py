"""A stand-in for the WhatsApp Cloud API on loopback, and signed webhook calls, for tests."""

import hashlib
import hmac
import itertools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from django.test import Client

SECRET = "rahasia-aplikasi-uji"


@dataclass
class FakeCloud:
    """Answers POST /<phone-id>/messages like the provider: a new wamid per message, or the error it is
    told to give next. Remembers each request's path, headers and JSON body."""

    url: str = ""
    shape: str = "cloud"  # or "qontak", "zenziva": the answer each provider gives
    requests: list[dict[str, Any]] = field(default_factory=list)
    errors: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def fail_next(self, status: int, code: int, message: str) -> None:
        self.errors.append((status, {"error": {"message": message, "code": code, "type": "OAuthException"}}))


@contextmanager
def fake_cloud() -> Iterator[FakeCloud]:
    cloud = FakeCloud()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                body: Any = dict(parse_qsl(raw.decode()))
            else:
                body = json.loads(raw or b"{}")
            cloud.requests.append({"path": self.path, "headers": dict(self.headers), "json": body})
            n = next(cloud._ids)
            if cloud.errors:
                status, answer = cloud.errors.pop(0)
            elif cloud.shape == "qontak":
                status, answer = 201, {"status": "success", "data": {"id": f"qontak-{n}"}}
            elif cloud.shape == "zenziva":
                status, answer = (
                    200,
                    {"messageId": f"zz-{n}", "to": body.get("to"), "status": "1", "text": "Success"},
                )
            else:
                status, answer = 200, {"messages": [{"id": f"wamid.UJI{n}"}]}
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    cloud.url = f"http://127.0.0.1:{server.server_address[1]}/v21.0"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield cloud
    finally:
        server.shutdown()
        server.server_close()


def sign(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_webhook(payload: dict[str, Any], *, secret: str | None = SECRET) -> Any:
    body = json.dumps(payload).encode()
    headers = {} if secret is None else {"X-Hub-Signature-256": sign(body, secret)}
    return Client().post("/pesan/whatsapp/webhook/", body, content_type="application/json", headers=headers)


def statuses(*items: tuple[str, str], code: int = 0) -> dict[str, Any]:
    """A webhook payload of delivery statuses [(wamid, status), ...] in the provider's shape."""
    entries = []
    for n, (wamid, status) in enumerate(items):
        entry: dict[str, Any] = {"id": wamid, "status": status, "timestamp": str(1_700_000_000 + n),
                                 "recipient_id": "6281234567890"}  # fmt: skip
        if status == "failed":
            entry["errors"] = [{"code": code, "title": "Message undeliverable"}]
        entries.append(entry)
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "1", "changes": [{"field": "messages", "value": {"messaging_product": "whatsapp",
                                                                               "statuses": entries}}]}]}  # fmt: skip


def reply(wamid: str, sender: str, text: str, in_reply_to: str = "") -> dict[str, Any]:
    message: dict[str, Any] = {"from": sender, "id": wamid, "timestamp": "1700000000", "type": "text",
                               "text": {"body": text}}  # fmt: skip
    if in_reply_to:
        message["context"] = {"from": "15550000000", "id": in_reply_to}
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "1", "changes": [{"field": "messages", "value": {"messaging_product": "whatsapp",
                                                                               "messages": [message]}}]}]}  # fmt: skip
