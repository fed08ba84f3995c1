"""Mentoring at scale: matching graduates to mentors, and the outbox's delivery rate.

    DATABASE_URL=postgres://naikkelas@127.0.0.1:5432/naikkelas_bench .venv/bin/python bench/mentoring_scale.py

Prints (1) the time to match 10,000 graduates of Central Java to 500 mentors with `graduates_match`
(every assignment under the mentor's row lock, audited), beside the pure choice alone; (2) messages per
second delivered to the fake gateway with no latency and with 50 ms per message: one message at a time
(`message_deliver`, as each task did before) by one and by four workers, and in batches
(`messages_deliver_due`: one claim per batch, NOTIFY_CONCURRENCY gateway calls at once) by one worker
process. Last line: `outbox_msgs_per_s_50ms: N`, the batched rate at 50 ms (goal >= 200). Needs
enterprises from `naikkelas generate` in Central Java (`--outbox-only` skips the matching).
"""

import argparse
import statistics
import threading
import time
from datetime import date

from _setup import database_label, prepare
from django.conf import settings
from django.db import connection, transaction

from naikkelas.accounts.models import Organisation, User
from naikkelas.mentoring.models import Mentor, MentorAssignment
from naikkelas.mentoring.services import matching, mentors
from naikkelas.notify.gateways import FakeGateway
from naikkelas.notify.models import ChannelConsent, Message
from naikkelas.notify.services import outbox as notify
from naikkelas.notify.services.consent import CONSENT_VERSION
from naikkelas.programs.models import Program, Tier
from naikkelas.programs.services.levels import level_create
from naikkelas.programs.services.programs import program_create
from naikkelas.regions.models import Region
from naikkelas.registry.models import Enterprise, Sector
from naikkelas.training.models import Graduation

GRADUATES = 10_000
MENTORS = 500
CAPACITY = 25
PROGRAM = "Bench pendampingan"


def graduates() -> list[int]:
    """10,000 Central Java enterprises graduated from a bench level (made once, kept)."""
    owner, _ = Organisation.objects.get_or_create(
        name="Bench Balatkop", defaults={"kind": Organisation.Kind.PROVINCE_CENTRE, "region_id": "33"}
    )
    program = Program.objects.filter(name=PROGRAM).first() or program_create(
        actor=None, name=PROGRAM, year=2022, owner=owner
    )
    level = program.levels.first() or level_create(
        actor=None, program=program, rank=1, name="Dasar", tier=Tier.PROVINCE
    )
    existing = list(Graduation.objects.filter(level=level).values_list("enterprise_id", flat=True))
    if len(existing) >= GRADUATES:
        return existing[:GRADUATES]
    ids = list(
        Enterprise.objects.filter(province_code="33")
        .exclude(graduations__isnull=False)
        .order_by("id")
        .values_list("id", flat=True)[: GRADUATES - len(existing)]
    )
    Graduation.objects.bulk_create(
        [Graduation(enterprise_id=pk, level=level, graduated_on=date(2022, 5, 20)) for pk in ids],
        batch_size=2000,
    )
    return existing + ids


def bench_mentors_make(graduate_ids: list[int]) -> list[Mentor]:
    """500 mentors spread over Central Java's regencies in proportion to their graduates."""
    made = list(Mentor.objects.filter(user__username__startswith="bench-pendamping-"))
    if made:  # made once; proportional shares round to about 500
        return made
    per_regency: dict[str, int] = {}
    for code in Enterprise.objects.filter(pk__in=graduate_ids).values_list("regency_code", flat=True):
        per_regency[code] = per_regency.get(code, 0) + 1
    regions = {r.code: r for r in Region.objects.filter(code__in=per_regency)}
    sectors = list(Sector.values)
    count = 0
    with transaction.atomic():
        for code, graduates_here in sorted(per_regency.items()):
            share = max(1, round(MENTORS * graduates_here / len(graduate_ids)))
            for _ in range(share):
                if count >= MENTORS:
                    break
                user = User.objects.create(username=f"bench-pendamping-{count}")
                made.append(
                    mentors.mentor_create(
                        actor=None, user=user, regency=regions[code],
                        sectors=[sectors[count % len(sectors)], sectors[(count + 3) % len(sectors)]], capacity=CAPACITY,
                    )
                )  # fmt: skip
                count += 1
    return made


def bench_matching() -> None:
    graduate_ids = graduates()
    bench_mentors = bench_mentors_make(graduate_ids)
    codes = sorted({m.regency_code for m in bench_mentors})
    MentorAssignment.objects.filter(mentor__in=bench_mentors).delete()
    MentorAssignment.objects.filter(enterprise_id__in=graduate_ids).delete()
    start = time.perf_counter()
    report = matching.graduates_match(actor=None, regency_codes=codes)
    elapsed = time.perf_counter() - start
    # The choice alone, over the same candidates, without the database.
    candidates_by_regency: dict[str, list[matching.Candidate]] = {}
    for mentor in bench_mentors:
        candidates_by_regency.setdefault(mentor.regency_code, []).append(
            matching.Candidate(mentor.pk, frozenset(mentor.sectors), 0, mentor.capacity)
        )
    rows = list(Enterprise.objects.filter(pk__in=graduate_ids).values_list("regency_code", "sector"))
    start_pure = time.perf_counter()
    loads: dict[int, int] = {}
    for code, sector in rows:
        candidates = [
            matching.Candidate(c.id, c.sectors, loads.get(c.id, 0), c.capacity)
            for c in candidates_by_regency.get(code, [])
        ]
        chosen = matching.choose(candidates, sector)
        if chosen is not None:
            loads[chosen.id] = loads.get(chosen.id, 0) + 1
    pure = time.perf_counter() - start_pure
    print(f"matching on {database_label()}: {len(graduate_ids):,} graduates, {len(bench_mentors)} mentors")
    print("| step | seconds | per graduate |")
    print("|---|---:|---:|")
    print(
        f"| `graduates_match` (regency rows locked, one commit per regency, audited) | {elapsed:.1f} | {elapsed / len(graduate_ids) * 1000:.2f} ms |"
    )
    print(f"| pure choice only (`matching.choose`) | {pure:.2f} | {pure / len(graduate_ids) * 1000:.3f} ms |")
    print(f"assigned {report.assigned:,}, left without a free mentor {sum(report.gaps.values()):,}")


def _messages(count: int, tag: str) -> list[int]:
    Message.objects.filter(dedupe_key__startswith="bench:").delete()
    # Reminders go only to those who said yes on WhatsApp (notify/services/consent.py): these all did.
    addresses = [f"+62812{index:08d}" for index in range(count)]
    known = set(
        ChannelConsent.objects.filter(address__in=addresses, channel="whatsapp").values_list(
            "address", flat=True
        )
    )
    ChannelConsent.objects.bulk_create(
        (ChannelConsent(address=address, channel="whatsapp", opted_in=True, source="form",
                        text_version=CONSENT_VERSION) for address in addresses if address not in known),
        batch_size=1000,
    )  # fmt: skip
    made = Message.objects.bulk_create(
        Message(
            recipient=f"+62812{index:08d}", channel="whatsapp", template="followup_reminder",
            context={"name": "Sri", "enterprise": "Usaha", "months": 3, "due": "2022-08-14", "url": "https://x/"},
            dedupe_key=f"bench:{tag}:{index}",
        )
        for index in range(count)
    )  # fmt: skip
    return [m.pk for m in made]


def _deliver(ids: list[int]) -> None:
    for pk in ids:
        notify.message_deliver(message_id=pk)
    connection.close()


def rate(count: int, latency_ms: int, workers: int) -> float:
    settings.NOTIFY_FAKE_LATENCY_MS = latency_ms
    FakeGateway.reset()
    ids = _messages(count, f"{latency_ms}-{workers}")
    start = time.perf_counter()
    if workers == 1:
        for pk in ids:
            notify.message_deliver(message_id=pk)
    else:
        threads = [threading.Thread(target=_deliver, args=(ids[i::workers],)) for i in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    elapsed = time.perf_counter() - start
    sent = Message.objects.filter(pk__in=ids, status=Message.Status.SENT).count()
    assert sent == count == len(FakeGateway.delivered), (sent, count, len(FakeGateway.delivered))
    return count / elapsed


def batched_rate(count: int, latency_ms: int) -> float:
    settings.NOTIFY_FAKE_LATENCY_MS = latency_ms
    FakeGateway.reset()
    ids = _messages(count, f"batch-{latency_ms}")
    start = time.perf_counter()
    sent = notify.messages_deliver_due(limit=count)
    elapsed = time.perf_counter() - start
    assert sent == count == len(FakeGateway.delivered), (sent, count, len(FakeGateway.delivered))
    assert Message.objects.filter(pk__in=ids, status=Message.Status.SENT).count() == count
    return count / elapsed


def bench_outbox() -> None:
    settings.NOTIFY_GATEWAYS = {
        **settings.NOTIFY_GATEWAYS,
        "whatsapp": "naikkelas.notify.gateways.FakeGateway",
    }
    print(f"\noutbox to the fake gateway on {database_label()} (each send: row lock, render, gateway, save)")
    print("| gateway latency | workers | messages | messages/s |")
    print("|---:|---:|---:|---:|")
    for latency, workers, count in ((0, 1, 1000), (0, 4, 1000), (50, 1, 100), (50, 4, 400)):
        runs = [rate(count, latency, workers) for _ in range(3)]
        print(f"| {latency} ms | {workers} (one at a time) | {count:,} | {statistics.median(runs):,.0f} |")
    batched = {}
    for latency, count in ((0, 5000), (50, 5000)):
        runs = [batched_rate(count, latency) for _ in range(3)]
        batched[latency] = statistics.median(runs)
        print(
            f"| {latency} ms | 1 process, batches of {settings.NOTIFY_BATCH_SIZE}, "
            f"{settings.NOTIFY_CONCURRENCY} at once | {count:,} | {batched[latency]:,.0f} |"
        )
    Message.objects.filter(dedupe_key__startswith="bench:").delete()
    print(f"outbox_msgs_per_s_50ms: {batched[50]:.0f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--outbox-only", action="store_true")
    args = parser.parse_args()
    prepare()
    if not args.outbox_only:
        bench_matching()
    bench_outbox()
