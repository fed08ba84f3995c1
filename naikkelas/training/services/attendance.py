"""Writes of attendance: marking a participant on a session day, or everyone present at once; a batch's
days are locked once its certificates are issued."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record, snapshot
from naikkelas.programs.models import Batch
from naikkelas.training.models import Attendance, Certificate, Enrolment
from naikkelas.training.services.schedule import batch_days


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
