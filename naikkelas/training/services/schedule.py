"""Writes of a batch's schedule: the level's default session templates, the sessions of each day, the
trainers, and changes to a session."""

from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record, diff, snapshot
from naikkelas.programs.models import Batch, Level
from naikkelas.training.models import BatchTrainer, Session, SessionTemplate

# The five days of the basic level (DESIGN.md §1 and the examples), morning and afternoon.
DEFAULT_DAYS = [
    ("Kewirausahaan dan model bisnis kanvas", "Praktik: kanvas model bisnis usaha sendiri"),
    ("Pembukuan sederhana", "Praktik: buku kas usaha sendiri"),
    ("Harga pokok produksi (HPP) dan penetapan harga", "Praktik: HPP dan harga jual produk sendiri"),
    ("Foto produk dan pemasaran digital", "Praktik: foto produk dan toko daring"),
    ("Perizinan (NIB, PIRT, halal) dan akses pasar", "Rencana tindak lanjut dan presentasi"),
]


MORNING = (time(8, 30), time(12, 0))


AFTERNOON = (time(13, 0), time(16, 0))


def session_templates_ensure(*, level: Level) -> int:
    """Give a level the default five-day schedule when it has none; returns sessions created."""
    if level.session_templates.exists():
        return 0
    templates = []
    for day, (morning, afternoon) in enumerate(DEFAULT_DAYS[: level.duration_days], start=1):
        templates.append(
            SessionTemplate(level=level, day=day, start_time=MORNING[0], end_time=MORNING[1], topic=morning)
        )
        templates.append(
            SessionTemplate(
                level=level, day=day, start_time=AFTERNOON[0], end_time=AFTERNOON[1], topic=afternoon
            )
        )
    SessionTemplate.objects.bulk_create(templates)
    return len(templates)


def batch_days(batch: Batch) -> list[date]:
    return [batch.start_date + timedelta(days=n) for n in range((batch.end_date - batch.start_date).days + 1)]


def schedule_create(*, actor: User | None, batch: Batch) -> int:
    """Copy the level's session templates onto the batch's consecutive days (once; edit afterwards)."""
    if batch.sessions.exists():
        raise ValidationError(_("Jadwal angkatan ini sudah dibuat."))
    session_templates_ensure(level=batch.level)
    days = batch_days(batch)
    sessions = [
        Session(
            batch=batch, date=days[t.day - 1], start_time=t.start_time, end_time=t.end_time, topic=t.topic
        )
        for t in batch.level.session_templates.all()
        if t.day <= len(days)
    ]
    with transaction.atomic():
        Session.objects.bulk_create(sessions)
        audit_record(
            actor=actor, action="update", instance=batch, changes={"sessions_created": len(sessions)}
        )
    return len(sessions)


def trainer_assign(*, actor: User | None, batch: Batch, user: User) -> BatchTrainer:
    """Make a user one of the batch's trainers."""
    with transaction.atomic():
        trainer, created = BatchTrainer.objects.get_or_create(batch=batch, user=user)
        if created:
            audit_record(actor=actor, action="update", instance=batch, changes={"trainer_added": user.pk})
    return trainer


def session_update(*, actor: User | None, session: Session, **fields: object) -> Session:
    """Change a session of a batch's schedule (date within the batch's days, times in order)."""
    before = snapshot(session)
    for name, value in fields.items():
        if name not in ("date", "start_time", "end_time", "topic", "trainer"):
            raise ValueError(f"session field {name} cannot be changed")
        setattr(session, name, value)
    errors: dict[str, list[str]] = {}
    if session.date not in batch_days(session.batch):
        errors["date"] = [_("Tanggal %(date)s bukan hari pelatihan angkatan ini.") % {"date": session.date}]
    if session.end_time <= session.start_time:
        errors["end_time"] = [_("Sesi harus selesai setelah dimulai.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session.save()
        audit_record(actor=actor, action="update", instance=session, changes=diff(before, snapshot(session)))
    return session
