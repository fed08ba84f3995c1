"""Fixtures and helpers shared by the notify tests."""

from collections.abc import Iterator

import pytest

from naikkelas.notify.gateways import FakeGateway
from naikkelas.notify.models import Message
from naikkelas.notify.services import outbox
from naikkelas.testing.whatsapp import SECRET, FakeCloud, fake_cloud


def waiting(n: int, regency: str = "33.74") -> list[Message]:
    return [
        Message.objects.create(
            recipient=f"+62812000{regency[-2:]}{i:03d}",
            channel="whatsapp",
            template="followup_reminder",
            context={"name": "Sri"},
            dedupe_key=f"hand:{regency}:{i}",
            regency_code=regency,
            province_code=regency[:2],
            status=Message.Status.MANUAL,
        )
        for i in range(n)
    ]


CONTEXT = {
    "name": "Sri",
    "enterprise": "Bandeng Presto",
    "months": 3,
    "due": "2021-08-21",
    "url": "https://x/t/",
}


@pytest.fixture(autouse=True)
def fake_gateway():  # type: ignore[no-untyped-def]
    FakeGateway.reset()
    yield FakeGateway
    FakeGateway.reset()


def queue(key: str = "test:1", channel: str = "whatsapp", recipient: str = "+6281234567890") -> Message:
    return outbox.message_queue(
        recipient=recipient, channel=channel, template="followup_reminder", context=CONTEXT, dedupe_key=key
    )


@pytest.fixture
def cloud(settings) -> Iterator[FakeCloud]:  # type: ignore[no-untyped-def]
    with fake_cloud() as fake:
        settings.NOTIFY_GATEWAYS = {**settings.NOTIFY_GATEWAYS,
                                    "whatsapp": "naikkelas.notify.gateways.WhatsAppCloudGateway"}  # fmt: skip
        settings.WHATSAPP_BASE_URL = fake.url
        settings.WHATSAPP_PHONE_NUMBER_ID = "109876"
        settings.WHATSAPP_TOKEN = "token-uji"
        settings.WHATSAPP_APP_SECRET = SECRET
        settings.NOTIFY_MAX_ATTEMPTS = 2
        yield fake


def stored(key: str = "followup:1:due") -> Message:
    return Message.objects.create(recipient="+6281234567890", channel="whatsapp", template="followup_reminder",
                                  context=CONTEXT, dedupe_key=key)  # fmt: skip
