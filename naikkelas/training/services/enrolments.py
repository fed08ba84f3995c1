"""Writes of a batch's roster: enrolling the selected applicants, and a participant leaving (the waiting
list moves up)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record
from naikkelas.programs.models import Batch
from naikkelas.selection.models import Application
from naikkelas.selection.services import runs
from naikkelas.training.models import Enrolment


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
