"""Writes for programs, levels and batches."""

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from naikkelas.accounts.models import Organisation, User
from naikkelas.core.audit import audit_record, diff, snapshot
from naikkelas.programs.models import Batch, BatchQuota, Level, Program, RubricCriterion, Tier
from naikkelas.programs.rules import end_date_for
from naikkelas.regions.models import Region

TIER_ORGANISATION = {
    Tier.REGENCY: Organisation.Kind.REGENCY_OFFICE,
    Tier.PROVINCE: Organisation.Kind.PROVINCE_CENTRE,
}


def program_create(*, actor: User | None, name: str, year: int, owner: Organisation) -> Program:
    """A new program owned by an organisation."""
    program = Program(name=name, year=year, owner=owner)
    program.full_clean()
    with transaction.atomic():
        program.save()
        audit_record(actor=actor, action="create", instance=program, changes=snapshot(program))
    return program


DEFAULT_RUBRIC = [
    ("growth", "Potensi tumbuh", 30),
    ("commitment", "Komitmen", 30),
    ("product", "Mutu produk", 20),
    ("readiness", "Kesiapan", 20),
]


def level_create(*, actor: User | None, program: Program, **fields: Any) -> Level:
    """Add a level to a program (ranks 1..n without gaps) with the default scoring rubric."""
    level = Level(program=program, **fields)
    expected = program.levels.count() + 1
    if level.rank != expected:
        raise ValidationError(
            {"rank": [_("Jenjang berikutnya program ini adalah %(rank)s.") % {"rank": expected}]}
        )
    level.full_clean()
    with transaction.atomic():
        level.save()
        RubricCriterion.objects.bulk_create(
            RubricCriterion(level=level, key=key, label=label, weight=weight, order=index)
            for index, (key, label, weight) in enumerate(DEFAULT_RUBRIC)
        )
        audit_record(actor=actor, action="create", instance=level, changes=snapshot(level))
    return level


LEVEL_EDITABLE = (
    "name", "duration_days", "min_business_months", "min_omzet", "requires_nib", "max_size_class",
    "motivation_questions", "min_days_attended", "min_assignments_passed_percent", "reviews_per_application",
    "review_disagreement",
)  # fmt: skip


def level_update(*, actor: User | None, level: Level, **fields: Any) -> Level:
    """Change a level's name, thresholds or criteria (an admin's decision, audited)."""
    before = snapshot(level)
    for name, value in fields.items():
        if name not in LEVEL_EDITABLE:
            raise ValueError(f"level field {name} cannot be changed")
        setattr(level, name, value)
    level.full_clean()
    changes = diff(before, snapshot(level))
    if changes:
        with transaction.atomic():
            level.save(update_fields=list(changes))
            audit_record(actor=actor, action="update", instance=level, changes=changes)
    return level


def program_followup_update(
    *, actor: User | None, program: Program, months: list[int], jump_factor: Decimal
) -> Program:
    """Set when graduates owe follow-up figures (months after graduation) and the jump that asks for
    confirmation. Follow-ups already created keep their dates; new ones follow the new schedule."""
    months = sorted(set(months))
    if not months or any(m < 1 or m > 60 for m in months):
        raise ValidationError({"months": [_("Isi bulan antara 1 dan 60, misalnya 3, 6, 12.")]})
    if jump_factor <= 1:
        raise ValidationError({"jump_factor": [_("Batas lonjakan harus lebih dari 1.")]})
    before = snapshot(program)
    program.followup_months, program.followup_jump_factor = months, jump_factor
    program.full_clean()
    changes = diff(before, snapshot(program))
    if changes:
        with transaction.atomic():
            program.save(update_fields=["followup_months", "followup_jump_factor"])
            audit_record(actor=actor, action="update", instance=program, changes=changes)
    return program


def _one_line(text: object) -> str:
    """Plain text on one line: control characters (NUL, bell…) dropped, runs of whitespace one space."""
    kept = "".join(ch for ch in str(text or "") if ch.isspace() or unicodedata.category(ch) != "Cc")
    return " ".join(kept.split())


def _check_batch(batch: Batch) -> None:
    errors: dict[str, list[str]] = {}
    batch.title = _one_line(batch.title)
    batch.venue = _one_line(batch.venue)
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
    batch.province_code = region.province_code
    batch.regency_code = region.regency_code
    batch.end_date = end_date_for(batch.start_date, level.duration_days)


def batch_create(*, actor: User | None, level: Level, organiser: Organisation, **fields: Any) -> Batch:
    """A batch of a level run by an organiser of the level's tier; its end date follows the duration."""
    batch = Batch(level=level, organiser=organiser, **fields)
    _check_batch(batch)
    batch.full_clean()
    with transaction.atomic():
        batch.save()
        audit_record(actor=actor, action="create", instance=batch, changes=snapshot(batch))
    return batch


BATCH_LABELS = ("title", "venue")  # may change at any time: correcting a name breaks no promise
BATCH_SCHEDULE = ("start_date", "capacity", "opens_on", "closes_on")  # fixed once results are published


def batch_update(*, actor: User | None, batch: Batch, **fields: Any) -> Batch:
    """Rename a batch or change its venue (at any time), or its dates and capacity (until its selection
    results are published); validated like a new batch and audited."""
    before = snapshot(batch)
    for name, value in fields.items():
        if name not in BATCH_LABELS + BATCH_SCHEDULE:
            raise ValueError(f"batch field {name} cannot be changed")
        setattr(batch, name, value)
    if batch.is_published:
        moved = [name for name, value in snapshot(batch, BATCH_SCHEDULE).items() if value != before[name]]
        if moved:
            message = _(
                "Hasil seleksi angkatan ini sudah diumumkan; tanggal dan kapasitas tidak dapat diubah lagi "
                "(judul dan tempat masih bisa)."
            )
            raise ValidationError({name: [message] for name in moved})
    _check_batch(batch)
    batch.full_clean()
    changes = diff(before, snapshot(batch))
    if changes:
        with transaction.atomic():
            batch.save(update_fields=list(changes))
            audit_record(actor=actor, action="update", instance=batch, changes=changes)
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
