"""The outbox in batches: one claim per batch, bounded concurrency per gateway, never a message twice."""

import threading
import time
from collections import Counter

import pytest
from django.db import connection, connections
from django.test import override_settings

from naikkelas.notify.gateways import TemplateCall
from naikkelas.notify.models import Message
from naikkelas.notify.services import outbox
from naikkelas.notify.tests.conftest import CONTEXT
from naikkelas.testing.notify import opt_in, opt_out

GATEWAY = "naikkelas.notify.tests.services.test_outbox_batch.CountingGateway"


class CountingGateway:
    """Counts every call per key (the fake gateway would hide a repeat) and how many run at once."""

    calls: Counter[str] = Counter()
    running = 0
    most_at_once = 0
    hold: threading.Event | None = None  # the first call waits on it, when set
    sending = threading.Event()
    lock = threading.Lock()

    @classmethod
    def reset(cls) -> None:
        cls.calls, cls.running, cls.most_at_once, cls.hold = Counter(), 0, 0, None
        cls.sending = threading.Event()

    def send(
        self, *, recipient: str, subject: str, body: str, key: str, template: TemplateCall | None = None
    ) -> str:
        with self.lock:
            cls = type(self)
            cls.calls[key] += 1
            cls.running += 1
            cls.most_at_once = max(cls.most_at_once, cls.running)
            first = sum(cls.calls.values()) == 1
        cls.sending.set()
        if first and cls.hold is not None:
            assert cls.hold.wait(timeout=30)
        time.sleep(0.02)
        with self.lock:
            cls.running -= 1
        return f"ref-{key}"


def stored(count: int) -> list[int]:
    opt_in(*(f"+62812{index:08d}" for index in range(count)), channels=("whatsapp",))
    made = Message.objects.bulk_create(
        Message(
            recipient=f"+62812{index:08d}", channel="whatsapp", template="followup_reminder",
            context=CONTEXT, dedupe_key=f"batch:{index}",
        )
        for index in range(count)
    )  # fmt: skip
    return [message.pk for message in made]


@pytest.fixture(autouse=True)
def counting():  # type: ignore[no-untyped-def]
    CountingGateway.reset()
    with override_settings(NOTIFY_GATEWAYS={"whatsapp": GATEWAY, "email": GATEWAY, "sms": GATEWAY}):
        yield CountingGateway


@pytest.mark.django_db
@override_settings(NOTIFY_CONCURRENCY=4)
def test_a_batch_is_sent_at_most_the_concurrency_at_once_and_written_in_one_go() -> None:
    ids = stored(12)
    opt_out("+6281200000003", channels=("whatsapp",))  # her waiting message is skipped at once
    batch = outbox.messages_deliver_batch(limit=10)
    assert sorted(m.pk for m in batch) == ids[:3] + ids[4:11]  # the oldest first, no more than the batch
    assert CountingGateway.most_at_once == 4
    statuses = Counter(Message.objects.filter(pk__in=ids).values_list("status", flat=True))
    assert statuses == {"sent": 10, "skipped": 1, "queued": 1}
    sent = Message.objects.get(dedupe_key="batch:0")
    assert (sent.attempts, sent.provider_ref) == (1, "ref-batch:0")
    assert outbox.messages_deliver_due() == 1
    assert set(CountingGateway.calls.values()) == {1} and len(CountingGateway.calls) == 11


@pytest.mark.django_db(transaction=True)
@override_settings(NOTIFY_CONCURRENCY=8)
def test_two_workers_claiming_at_once_send_each_message_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; CI runs this test there")
    ids = stored(30)
    CountingGateway.hold = threading.Event()
    claimed: dict[str, list[int]] = {}
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        try:
            claimed[name] = [m.pk for m in outbox.messages_deliver_batch(limit=20)]
        except BaseException as error:  # surfaced below
            errors.append(error)
        finally:
            connections.close_all()

    first = threading.Thread(target=worker, args=("first",))
    first.start()
    assert CountingGateway.sending.wait(timeout=30)  # the first holds its 20 rows, sending
    second = threading.Thread(target=worker, args=("second",))
    second.start()
    second.join(timeout=60)
    CountingGateway.hold.set()
    first.join(timeout=60)
    assert errors == []
    assert len(claimed["first"]) == 20 and len(claimed["second"]) == 10
    assert set(claimed["first"]).isdisjoint(claimed["second"])
    assert sorted(claimed["first"] + claimed["second"]) == ids
    assert len(CountingGateway.calls) == 30 and set(CountingGateway.calls.values()) == {1}
    assert Message.objects.filter(pk__in=ids, status="sent").count() == 30
    assert outbox.messages_deliver_due() == 0  # nothing left to send again
    assert sum(CountingGateway.calls.values()) == 30
