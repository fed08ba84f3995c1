"""Writes of the training step: rosters, schedules, trainers and attendance."""

from datetime import date, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record, diff, snapshot
from naikkelas.programs.models import Batch, Level
from naikkelas.selection.models import Application, Graduation
from naikkelas.selection.services import runs
from naikkelas.training import graduation
from naikkelas.training.graduation import Criterion
from naikkelas.training.models import (
    Attendance,
    BatchTrainer,
    Certificate,
    Enrolment,
    Session,
    SessionTemplate,
    Submission,
)

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


def enrolments_create(*, actor: User | None, batch: Batch) -> int:
    """Put the published selection's selected applicants on the roster (again safe: only new ones)."""
    if not Batch.objects.filter(pk=batch.pk, published_at__isnull=False).exists():
        raise ValidationError(_("Umumkan hasil seleksi dulu; peserta diambil dari yang terpilih."))
    selected = Application.objects.filter(
        batch=batch, status=Application.Status.SELECTED, enrolment__isnull=True
    )
    with transaction.atomic():
        created = Enrolment.objects.bulk_create(Enrolment(batch=batch, application=a) for a in selected)
        if created:
            audit_record(actor=actor, action="update", instance=batch, changes={"enrolled": len(created)})
    return len(created)


def enrolment_drop(
    *, actor: User | None, enrolment: Enrolment, reason: str, today: date | None = None
) -> Enrolment | None:
    """A participant leaves with a reason. Before the batch starts the seat goes to the waitlist (and the
    newcomer is enrolled, returned); once it has started the seat is not reused."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Tuliskan alasan peserta keluar.")]})
    today = today or timezone.localdate()
    batch = enrolment.batch
    with transaction.atomic():
        enrolment.status = Enrolment.Status.DROPPED
        enrolment.dropped_reason = reason.strip()
        enrolment.dropped_at = timezone.now()
        enrolment.save(update_fields=["status", "dropped_reason", "dropped_at"])
        audit_record(
            actor=actor,
            action="update",
            instance=enrolment,
            changes={"status": "dropped", "reason": reason.strip()},
        )
        if today >= batch.start_date:
            Application.objects.filter(pk=enrolment.application_id).update(
                status=Application.Status.WITHDRAWN
            )
            return None
        promoted = runs.application_withdraw(
            actor=actor, application=enrolment.application, reason=reason.strip()
        )
        if promoted is None:
            return None
        return Enrolment.objects.create(batch=batch, application=promoted)


def _check_day(batch: Batch, day: date) -> None:
    if day not in batch_days(batch):
        raise ValidationError(
            _("Tanggal %(date)s bukan hari pelatihan angkatan ini.") % {"date": day.isoformat()}
        )


def attendance_locked(batch: Batch) -> bool:
    """A batch's days are locked once its certificates are issued: graduation was decided on them."""
    return Certificate.objects.filter(enrolment__batch=batch).exists()


def attendance_mark(
    *, actor: User, enrolment: Enrolment, day: date, present: bool, reason: str = ""
) -> Attendance:
    """Mark one participant present or absent for a day; a change of an earlier mark is audited. Once the
    batch's certificates are issued a change is a correction: it needs a reason, kept in the audit."""
    _check_day(enrolment.batch, day)
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise ValidationError(_("Peserta ini sudah keluar."))
    locked = attendance_locked(enrolment.batch)
    reason = reason.strip()
    if locked and not reason:
        raise ValidationError(
            {"reason": [_("Sertifikat angkatan ini sudah terbit: tuliskan alasan koreksi kehadiran.")]}
        )
    with transaction.atomic():
        record = Attendance.objects.select_for_update().filter(enrolment=enrolment, date=day).first()
        if record is None:
            record = Attendance.objects.create(
                enrolment=enrolment, date=day, present=present, marked_by=actor
            )
            created = snapshot(record)
            if locked:
                created["correction_reason"] = reason
            audit_record(actor=actor, action="create", instance=record, changes=created)
        elif record.present != present:
            before = record.present
            record.present = present
            record.marked_by = actor
            record.save(update_fields=["present", "marked_by", "marked_at"])
            changes: dict[str, Any] = {"present": [before, present]}
            if locked:
                changes["correction_reason"] = reason
            audit_record(actor=actor, action="update", instance=record, changes=changes)
    return record


def attendance_all_present(*, actor: User, batch: Batch, day: date) -> int:
    """Mark everyone not yet marked for the day as present (then tap the exceptions); marks already made
    stay as they are."""
    _check_day(batch, day)
    if attendance_locked(batch):
        raise ValidationError(
            _(
                "Sertifikat angkatan ini sudah terbit: kehadiran hanya dapat dikoreksi satu per satu "
                "dengan alasan."
            )
        )
    with transaction.atomic():
        unmarked = batch.enrolments.filter(status=Enrolment.Status.ACTIVE).exclude(attendance__date=day)
        records = Attendance.objects.bulk_create(
            Attendance(enrolment=e, date=day, present=True, marked_by=actor) for e in unmarked
        )
        audit_record(
            actor=actor,
            action="update",
            instance=batch,
            changes={"all_present": day.isoformat(), "marked": len(records)},
        )
    return len(records)


def graduation_preview(*, batch: Batch) -> list[tuple[Enrolment, list[Criterion]]]:
    """Every active participant with the level's graduation criteria evaluated (nothing saved)."""
    level = batch.level
    total = batch.assignments.count()
    present = dict(
        Attendance.objects.filter(enrolment__batch=batch, present=True)
        .values("enrolment_id")
        .annotate(n=Count("id"))
        .values_list("enrolment_id", "n")
    )
    passed = dict(
        Submission.objects.filter(assignment__batch=batch, status=Submission.Status.PASS)
        .values("enrolment_id")
        .annotate(n=Count("id"))
        .values_list("enrolment_id", "n")
    )
    enrolments = batch.enrolments.filter(status=Enrolment.Status.ACTIVE).select_related(
        "application__enterprise", "application__person"
    )
    return [
        (
            enrolment,
            graduation.evaluate(
                days_present=present.get(enrolment.pk, 0),
                min_days=level.min_days_attended,
                assignments_passed=passed.get(enrolment.pk, 0),
                assignments_total=total,
                min_percent=level.min_assignments_passed_percent,
            ),
        )
        for enrolment in enrolments.order_by("application__person__name", "id")
    ]


def graduation_confirm(*, actor: User | None, batch: Batch) -> int:
    """The organiser confirms: everyone meeting the criteria graduates (a Graduation record the pathway
    reads); the others are recorded as not graduated with their reasons. Returns the graduates."""
    results = graduation_preview(batch=batch)
    graduates = 0
    with transaction.atomic():
        for enrolment, criteria in results:
            ok = all(c.passed for c in criteria)
            enrolment.graduated = ok
            enrolment.graduation_results = [c.as_json() for c in criteria]
            enrolment.save(update_fields=["graduated", "graduation_results"])
            if ok:
                Graduation.objects.get_or_create(
                    enterprise=enrolment.application.enterprise, level=batch.level,
                    defaults={"batch": batch, "graduated_on": batch.end_date, "recorded_by": actor},
                )  # fmt: skip
                graduates += 1
        audit_record(
            actor=actor,
            action="update",
            instance=batch,
            changes={"graduates": graduates, "evaluated": len(results)},
        )
    return graduates


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
