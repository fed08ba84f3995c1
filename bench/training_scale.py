"""Training at scale: certificate rendering and the attendance page.

    DATABASE_URL=postgres://naikkelas@127.0.0.1:5432/naikkelas_bench .venv/bin/python bench/training_scale.py

Prints seconds per certificate when rendering a batch's certificates (160 and 1,000 graduates, as the
zip download does) and the queries and median time of the attendance page for 40 and 400 participants.
Needs enterprises from `naikkelas generate` in Central Java (the registry benchmark makes them).
"""

import secrets
import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

from _setup import database_label, measure, prepare, staff_user
from django.db import transaction
from django.test import Client

from naikkelas.accounts.models import Organisation
from naikkelas.programs.models import Batch, Program, Tier
from naikkelas.programs.services.batches import batch_create
from naikkelas.programs.services.levels import level_create
from naikkelas.programs.services.programs import program_create
from naikkelas.registry.models import MetricReport
from naikkelas.selection.models import Application
from naikkelas.training.models import Enrolment
from naikkelas.training.services import certificates, schedule

PROGRAM = "Bench pelatihan"
JAKARTA = ZoneInfo("Asia/Jakarta")


def batch_with(size: int, offset: int) -> Batch:
    """A published province batch with `size` enrolled graduates (made once, kept)."""
    title = f"Bench pelatihan {size}"
    existing = Batch.objects.filter(title=title).first()
    if existing is not None:
        return existing
    owner, _ = Organisation.objects.get_or_create(
        name="Bench Balatkop", defaults={"kind": Organisation.Kind.PROVINCE_CENTRE, "region_id": "33"}
    )
    program = Program.objects.filter(name=PROGRAM).first() or program_create(
        actor=None, name=PROGRAM, year=2021, owner=owner
    )
    level = program.levels.first() or level_create(
        actor=None, program=program, rank=1, name="Dasar", tier=Tier.PROVINCE
    )
    batch = batch_create(
        actor=None, level=level, organiser=owner, title=title, start_date=date(2021, 5, 10), capacity=size,
        opens_on=date(2021, 3, 1), closes_on=date(2021, 3, 31),
    )  # fmt: skip
    rows = list(
        MetricReport.objects.filter(source="application", enterprise__province_code="33")
        .order_by("id")
        .values_list("id", "enterprise_id", "enterprise__owner_id", "enterprise__regency_code")[
            offset : offset + size
        ]
    )
    consent = datetime(2021, 3, 2, tzinfo=JAKARTA)
    with transaction.atomic():
        applications = Application.objects.bulk_create(
            Application(
                batch=batch, level=level, enterprise_id=e, person_id=p, baseline_id=r, consent_purpose="bench",
                consent_version="bench", consented_at=consent, status_nonce=secrets.token_hex(16), province_code="33",
                regency_code=g, status=Application.Status.SELECTED,
            )
            for r, e, p, g in rows
        )  # fmt: skip
        Enrolment.objects.bulk_create(
            Enrolment(batch=batch, application=a, graduated=True) for a in applications
        )
        Batch.objects.filter(pk=batch.pk).update(published_at=consent)
        certificates.certificates_issue(actor=None, batch=batch)
    return batch


def main() -> None:
    prepare()
    print(f"database: {database_label()}")
    for size, offset in ((160, 0), (1000, 1_000)):
        batch = batch_with(size, offset)
        started = time.perf_counter()
        archive = certificates.certificates_zip(batch)
        elapsed = time.perf_counter() - started
        print(
            f"certificates of {size:>5} graduates: {elapsed:6.1f} s, {elapsed / size * 1000:6.1f} ms per certificate, zip {len(archive) / 2**20:.1f} MiB"
        )
    trainer = staff_user("bench_jateng", "33")
    for size, offset in ((40, 2_000), (400, 3_000)):
        batch = batch_with(size, offset)
        schedule.trainer_assign(actor=None, batch=batch, user=trainer)
        client = Client()
        client.force_login(trainer)
        url = f"/pelatihan/angkatan/{batch.pk}/hadir/2021-05-10/"
        assert client.get(url).status_code == 200
        median, queries = measure(lambda c=client, u=url: c.get(u), 20)
        print(f"attendance page, {size:>4} participants: {median:6.1f} ms median, {queries} queries")


if __name__ == "__main__":
    main()
