"""Writes for batches (angkatan): opened under a level, their labels and schedule, and the seats each
regency/city may fill (quotas). The schedule is fixed once results are published."""

from datetime import date, datetime, time, timedelta
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.models import Organisation, User
from naikkelas.core.audit import Changes, audit_record, model_update, snapshot
from naikkelas.core.text import one_line
from naikkelas.programs.models import (
    TIER_ORGANISATION,
    Batch,
    BatchQuota,
    Level,
    Tier,
)
from naikkelas.programs.rules import end_date_for
from naikkelas.regions.codes import place
from naikkelas.regions.models import Region


def _check_batch(batch: Batch) -> None:
    errors: dict[str, list[str]] = {}
    batch.title = one_line(batch.title)
    batch.venue = one_line(batch.venue)
    if not batch.title:
        errors["title"] = [_("Tulis judul angkatan.")]
    if isinstance(batch.capacity, int) and batch.capacity < 1:
        errors["capacity"] = [_("Kapasitas paling sedikit 1 peserta.")]
    organiser = batch.organiser
    level = batch.level
    if organiser.kind != TIER_ORGANISATION[Tier(level.tier)]:
        errors["organiser"] = [
            _(
                "Jenjang %(level)s diselenggarakan oleh %(tier)s; %(organiser)s bukan penyelenggara yang tepat."
            )
            % {"level": level.name, "tier": level.get_tier_display(), "organiser": organiser.name}
        ]
    elif organiser.region is None:
        errors["organiser"] = [_("Penyelenggara harus memiliki wilayah.")]
    if (
        isinstance(batch.opens_on, date)
        and isinstance(batch.closes_on, date)
        and batch.closes_on < batch.opens_on
    ):
        errors["closes_on"] = [_("Pendaftaran harus ditutup setelah dibuka.")]
    if (
        isinstance(batch.closes_on, date)
        and isinstance(batch.start_date, date)
        and batch.start_date <= batch.closes_on
    ):
        errors["start_date"] = [_("Pelatihan dimulai setelah pendaftaran ditutup.")]
    if errors:
        raise ValidationError(errors)
    region = organiser.region
    assert region is not None
    place(batch, region)
    batch.end_date = end_date_for(batch.start_date, level.duration_days)


def _check_level_takes_batches(level: Level, organiser: Organisation) -> None:
    """Batches are opened only of the current version of a level, in an open program of the organiser's
    own province (the tier is checked with the rest of the batch)."""
    owner_region = level.program.owner.region
    if organiser.region is not None and (
        owner_region is None or owner_region.province_code != organiser.region.province_code
    ):
        raise ValidationError({"level": [_("Jenjang ini milik program provinsi lain.")]})
    if not level.program.is_open:
        raise ValidationError(
            {
                "level": [
                    _("Program %(program)s sudah ditutup; buka angkatan di program yang sedang berjalan.")
                    % {"program": level.program}
                ]
            }
        )
    if level.closed_at is not None:
        raise ValidationError(
            {
                "level": [
                    _("Jenjang %(level)s sudah diganti versi baru; buka angkatan dari versi terbaru.")
                    % {"level": level}
                ]
            }
        )


class BatchFields(TypedDict, total=False):
    """What a batch is opened with, and what `batch_update` may change (BATCH_LABELS, BATCH_SCHEDULE)."""

    title: str
    venue: str
    start_date: date
    capacity: int
    opens_on: date
    closes_on: date


def batch_create(
    *, actor: User | None, level: Level, organiser: Organisation, **fields: Unpack[BatchFields]
) -> Batch:
    """A batch of a level run by an organiser of the level's tier, of the current version of a level in
    an open program of the organiser's province; its end date follows the duration."""
    batch = Batch(level=level, organiser=organiser, **fields)
    _check_batch(batch)
    batch.full_clean()
    with transaction.atomic():
        # Locked, so a program closing or a new version being made at this moment is seen.
        locked = (
            Level.objects.select_for_update(of=("self", "program"))
            .select_related("program__owner__region")
            .get(pk=level.pk)
        )
        _check_level_takes_batches(locked, organiser)
        batch.save()
        audit_record(actor=actor, action="create", instance=batch, changes=snapshot(batch))
    return batch


def batch_record_past(
    *, actor: User | None, level: Level, organiser: Organisation, start_date: date, title: str, capacity: int
) -> Batch:
    """A batch that ran before the system (a history import): the same tier, region and duration rules
    as any batch, of a level of the organiser's province, but in a program that may be closed; its
    registration closed the day before it began and its results count as published then."""
    opened = start_date - timedelta(days=1)
    batch = Batch(
        level=level, organiser=organiser, title=title, start_date=start_date, capacity=max(capacity, 1),
        opens_on=opened, closes_on=opened,
    )  # fmt: skip
    _check_batch(batch)
    batch.published_at = timezone.make_aware(datetime.combine(opened, time(12)))
    batch.full_clean()
    owner_region = level.program.owner.region
    assert organiser.region is not None
    if owner_region is None or owner_region.province_code != organiser.region.province_code:
        raise ValidationError({"level": [_("Jenjang ini milik program provinsi lain.")]})
    with transaction.atomic():
        batch.save()
        audit_record(actor=actor, action="create", instance=batch, changes={**snapshot(batch), "past": True})
    return batch


BATCH_LABELS = ("title", "venue")  # may change at any time: correcting a name breaks no promise
BATCH_SCHEDULE = ("start_date", "capacity", "opens_on", "closes_on")  # fixed once results are published


def batch_update(*, actor: User | None, batch: Batch, **fields: Unpack[BatchFields]) -> Batch:
    """Rename a batch or change its venue (at any time), or its dates and capacity (until its selection
    results are published); validated like a new batch and audited."""

    def check(pending: Changes) -> None:
        moved = [name for name in BATCH_SCHEDULE if name in pending]
        if batch.is_published and moved:
            message = _(
                "Hasil seleksi angkatan ini sudah diumumkan; tanggal dan kapasitas tidak dapat diubah lagi "
                "(judul dan tempat masih bisa)."
            )
            raise ValidationError({name: [message] for name in moved})
        _check_batch(batch)

    model_update(
        actor=actor, instance=batch, data=fields, editable=BATCH_LABELS + BATCH_SCHEDULE, check=check
    )
    return batch


def batch_quota_set(*, actor: User | None, batch: Batch, regency: Region, seats: int) -> BatchQuota:
    """Cap the seats applicants from one regency/city may take (within the organiser's region)."""
    if regency.kind != Region.Kind.REGENCY or regency.province_code != batch.province_code:
        raise ValidationError({"regency": [_("Kuota hanya untuk kabupaten/kota di wilayah penyelenggara.")]})
    if seats > batch.capacity:
        raise ValidationError({"seats": [_("Kuota tidak boleh melebihi kapasitas angkatan.")]})
    with transaction.atomic():
        quota, _created = BatchQuota.objects.update_or_create(
            batch=batch, regency=regency, defaults={"seats": seats}
        )
        audit_record(actor=actor, action="update", instance=batch, changes={"quota": [regency.code, seats]})
    return quota
