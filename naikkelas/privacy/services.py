"""The rights of the people whose data this is (UU 27/2022): a copy, withdrawal of consent, deletion,
and the retention that removes what is past its time.

Deletion keeps the program honest and the person private at once: the person is anonymised (name, NIK,
phone, email, birth date, free text and photos go; the account is closed) while the enterprise's figures
stay, under no name, so published cohort totals do not change.
"""

import io
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record
from naikkelas.core.codes import one_time_codes_expire
from naikkelas.core.models import AccessLog, AuditEvent
from naikkelas.mentoring.followups import new_nonce
from naikkelas.mentoring.models import Consultation, ConsultationMessage, FollowUp, MentorAssignment, Visit
from naikkelas.notify.models import Message
from naikkelas.outcomes.models import HeroStory
from naikkelas.privacy.models import DataRequest
from naikkelas.registry.models import Enterprise, ImportJob, MetricReport, Person
from naikkelas.selection.models import Application, Graduation, PendingApplication
from naikkelas.selection.services import pending_applications_expire
from naikkelas.training.models import Attendance, Certificate, Enrolment, Submission, SubmissionFile

REMOVED = "(dihapus)"


# --- a copy of everything held about a person ---------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def _rows(queryset: Any, exclude: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    fields = [f for f in queryset.model._meta.concrete_fields if f.attname not in exclude]
    return [{f.attname: _plain(getattr(obj, f.attname)) for f in fields} for obj in queryset]


def subject_data(person: Person) -> dict[str, list[dict[str, Any]]]:
    """Everything held about the person and their enterprises, section by section."""
    enterprises = Enterprise.objects.filter(owner=person)
    applications = Application.objects.filter(enterprise__in=enterprises)
    enrolments = Enrolment.objects.filter(application__in=applications)
    consultations = Consultation.objects.filter(enterprise__in=enterprises)
    me = _rows(Person.objects.filter(pk=person.pk), exclude=("nik_encrypted", "nik_digest"))
    me[0]["nik"] = person.nik
    return {
        "pemilik": me,
        "usaha": _rows(enterprises),
        "laporan_angka": _rows(MetricReport.objects.filter(enterprise__in=enterprises)),
        "lamaran": _rows(applications, exclude=("status_nonce",)),
        "kelulusan": _rows(Graduation.objects.filter(enterprise__in=enterprises)),
        "pendaftaran_pelatihan": _rows(enrolments),
        "kehadiran": _rows(Attendance.objects.filter(enrolment__in=enrolments)),
        "tugas": _rows(Submission.objects.filter(enrolment__in=enrolments)),
        "sertifikat": _rows(Certificate.objects.filter(enrolment__in=enrolments)),
        "pendamping": _rows(MentorAssignment.objects.filter(enterprise__in=enterprises)),
        "kunjungan": _rows(Visit.objects.filter(enterprise__in=enterprises)),
        "konsultasi": _rows(consultations),
        "pesan_konsultasi": _rows(ConsultationMessage.objects.filter(consultation__in=consultations)),
        "tindak_lanjut": _rows(FollowUp.objects.filter(enterprise__in=enterprises), exclude=("link_nonce",)),
        "kisah": _rows(HeroStory.objects.filter(enterprise__in=enterprises)),
        "pesan_terkirim": _rows(Message.objects.filter(recipient__in=_addresses(person))),
        "permintaan_data": _rows(DataRequest.objects.filter(person=person)),
    }


def _addresses(person: Person) -> list[str]:
    return [value for value in (person.phone, person.email) if value]


def subject_json(person: Person) -> bytes:
    return json.dumps(subject_data(person), ensure_ascii=False, indent=2, default=str).encode()


def subject_xlsx(person: Person) -> bytes:
    """The same copy as a workbook: one sheet per section."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for section, rows in subject_data(person).items():
        sheet: Any = book.create_sheet(section[:31])
        if not rows:
            sheet.append([_("(tidak ada data)")])
            continue
        header = list(rows[0])
        sheet.append(header)
        for row in rows:
            sheet.append([_cell(row[key]) for key in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # never a formula
    return value


# --- requests ------------------------------------------------------------------------------------------


def request_open(*, person: Person, kind: str, now: datetime | None = None) -> DataRequest:
    """Record a request; due within PRIVACY_RESPONSE_HOURS. One open request of a kind at a time."""
    now = now or timezone.now()
    if person.anonymised_at is not None:
        raise ValidationError(_("Data orang ini sudah dihapus."))
    existing = DataRequest.objects.filter(person=person, kind=kind, status=DataRequest.Status.OPEN).first()
    if existing is not None:
        return existing
    return DataRequest.objects.create(
        person=person, kind=kind, requested_at=now,
        due_at=now + timedelta(hours=settings.PRIVACY_RESPONSE_HOURS), regency_code=person.regency_code,
    )  # fmt: skip


def _close(
    request: DataRequest, *, actor: User | None, status: str, note: str = "", at: datetime | None = None
) -> None:
    request.status = status
    request.handled_at = at or timezone.now()
    request.handled_by = actor if actor is not None and actor.is_authenticated else None
    request.note = note
    request.save(update_fields=["status", "handled_at", "handled_by", "note"])


def copy_handed_over(*, person: Person, actor: User | None) -> DataRequest:
    """The person downloaded their copy themself: recorded as a request answered at once."""
    with transaction.atomic():
        request = request_open(person=person, kind=DataRequest.Kind.EXPORT)
        _close(request, actor=actor, status=DataRequest.Status.DONE)
    return request


def _followups_stop(queryset: Any, now: datetime) -> int:
    """Pending follow-ups stop; their personal links die at once (a fresh nonce, an expiry in the past)."""
    stopped = list(queryset.filter(status=FollowUp.Status.PENDING))
    for followup in stopped:
        followup.status = FollowUp.Status.WITHDRAWN
        followup.link_nonce = new_nonce()
        followup.link_expires_on = now.date() - timedelta(days=1)
    FollowUp.objects.bulk_update(stopped, ["status", "link_nonce", "link_expires_on"])
    return len(stopped)


def consent_withdraw(*, person: Person, actor: User | None, now: datetime | None = None) -> DataRequest:
    """Stop follow-ups and publicity at once (the law allows 3 × 24 hours; this takes none): pending
    follow-ups stop and their links die, queued reminders are dropped, the story leaves the public page,
    the comparison-group consent is cleared, and the next schedule skips the person."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        request = request_open(person=locked, kind=DataRequest.Kind.WITHDRAWAL, now=now)
        enterprises = Enterprise.objects.filter(owner=locked)
        stopped = _followups_stop(FollowUp.objects.filter(enterprise__in=enterprises), now)
        dropped = Message.objects.filter(
            recipient__in=_addresses(locked), template__startswith="followup", status=Message.Status.QUEUED
        ).update(status=Message.Status.SKIPPED, last_error="consent withdrawn")
        HeroStory.objects.filter(enterprise__in=enterprises).update(
            publicity_consent=False, consented_at=None
        )
        Application.objects.filter(enterprise__in=enterprises).update(followup_consent=False)
        locked.consent_withdrawn_at = now
        locked.save(update_fields=["consent_withdrawn_at", "updated_at"])
        person.consent_withdrawn_at = now
        _close(request, actor=actor, status=DataRequest.Status.DONE, at=now,
               note=f"follow-ups stopped {stopped}, reminders dropped {dropped}")  # fmt: skip
        audit_record(actor=actor, action="withdraw", instance=locked,
                     changes={"followups_stopped": stopped, "reminders_dropped": dropped})  # fmt: skip
    return request


def deletion_request(*, person: Person) -> DataRequest:
    return request_open(person=person, kind=DataRequest.Kind.DELETION)


def _delete_files(rows: Any, field: str) -> None:
    for row in rows:
        stored = getattr(row, field)
        if stored:
            stored.delete(save=False)


def anonymise(*, person: Person, actor: User | None, note: str = "") -> Person:
    """Remove the person (name, NIK, phone, email, birth date, free text, photos, account) and keep their
    enterprises' figures without a name, so cohort totals and published reports stay as they were."""
    if person.anonymised_at is not None:
        raise ValidationError(_("Data orang ini sudah dihapus."))
    now = timezone.now()
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        enterprises = Enterprise.objects.filter(owner=locked)
        enterprise_ids = list(enterprises.values_list("pk", flat=True))
        addresses = _addresses(locked)
        # Stop everything that would contact them.
        _followups_stop(FollowUp.objects.filter(enterprise_id__in=enterprise_ids), now)
        Message.objects.filter(recipient__in=addresses).update(
            recipient=REMOVED, context={}, last_error="", provider_ref=""
        )
        # Files and free text.
        consultations = Consultation.objects.filter(enterprise_id__in=enterprise_ids)
        _delete_files(consultations, "photo")
        consultations.update(description=REMOVED, photo="")
        ConsultationMessage.objects.filter(consultation__in=consultations).update(body=REMOVED)
        followups = FollowUp.objects.filter(enterprise_id__in=enterprise_ids)
        _delete_files(followups.exclude(evidence=""), "evidence")
        followups.update(evidence="")
        stories = HeroStory.objects.filter(enterprise_id__in=enterprise_ids)
        _delete_files(stories, "photo")
        stories.delete()
        submissions = Submission.objects.filter(enrolment__application__enterprise_id__in=enterprise_ids)
        files = SubmissionFile.objects.filter(submission__in=submissions)
        _delete_files(files, "file")
        files.delete()
        submissions.update(text=REMOVED)
        Visit.objects.filter(enterprise_id__in=enterprise_ids).update(topics=REMOVED, problems=REMOVED)
        Application.objects.filter(enterprise_id__in=enterprise_ids).update(
            followup_consent=False, override_reason="", decision_reason="", decision_reason_en=""
        )
        # The enterprises keep region, sector, size, dates and figures; lose name and NIB.
        for enterprise in enterprises:
            enterprise.name = _("Usaha #%(id)s") % {"id": enterprise.pk}
            enterprise.nib = ""
            enterprise.save(update_fields=["name", "nib", "updated_at"])
        # The person.
        account = locked.user
        locked.name = REMOVED
        locked.nik_encrypted = ""
        locked.nik_digest = f"removed:{locked.pk}"
        locked.nik_warning = ""
        locked.phone = ""
        locked.email = ""
        locked.birth_date = date(locked.birth_date.year, 1, 1)
        locked.anonymised_at = now
        locked.consent_withdrawn_at = locked.consent_withdrawn_at or now
        locked.save()
        if account is not None:
            account.username = f"dihapus-{locked.pk}"
            account.first_name = account.last_name = account.email = ""
            account.is_active = False
            account.set_unusable_password()
            account.save()
            account.api_tokens.all().delete()  # type: ignore[attr-defined]
        # The audit trail keeps that something changed, not what the person's details were.
        targets = Q(object_type="registry.person", object_id=str(locked.pk)) | Q(
            object_type="registry.enterprise", object_id__in=[str(pk) for pk in enterprise_ids]
        )
        AuditEvent.objects.filter(targets).update(object_repr=REMOVED, changes={"anonymised": True})
        for request in DataRequest.objects.filter(person=locked, status=DataRequest.Status.OPEN):
            _close(request, actor=actor, status=DataRequest.Status.DONE, note=note)
        audit_record(actor=actor, action="anonymise", instance=locked, changes={"anonymised": True})
    person.refresh_from_db()
    return person


def request_complete(*, request: DataRequest, actor: User) -> DataRequest:
    """Carry out an open request: a deletion anonymises the person; a copy is marked handed over."""
    if request.status != DataRequest.Status.OPEN:
        raise ValidationError(_("Permintaan ini sudah ditangani."))
    if request.kind == DataRequest.Kind.DELETION:
        anonymise(person=request.person, actor=actor)
    elif request.kind == DataRequest.Kind.WITHDRAWAL:
        consent_withdraw(person=request.person, actor=actor)
    else:
        _close(request, actor=actor, status=DataRequest.Status.DONE)
    request.refresh_from_db()
    return request


def request_refuse(*, request: DataRequest, actor: User, note: str) -> DataRequest:
    if not note.strip():
        raise ValidationError({"note": [_("Tulis alasan penolakan; pemilik data berhak mengetahuinya.")]})
    if request.status != DataRequest.Status.OPEN:
        raise ValidationError(_("Permintaan ini sudah ditangani."))
    _close(request, actor=actor, status=DataRequest.Status.REFUSED, note=note.strip())
    return request


# --- retention -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionReport:
    import_files: int
    access_logs: int
    messages: int
    applicants: int
    pending_applications: int = 0


def retention_run(*, today: date | None = None, dry_run: bool = False) -> RetentionReport:
    """Remove what is past its time: uploaded import files (they hold NIKs in the clear), old access-log
    rows and sent messages, and the personal data of applicants never selected who did not agree to be
    followed up, once their batch is long over."""
    today = today or timezone.localdate()
    now = timezone.now()
    old_imports = ImportJob.objects.filter(
        created_at__lt=now - timedelta(days=settings.RETENTION_IMPORT_FILE_DAYS)
    ).exclude(file="")
    old_logs = AccessLog.objects.filter(at__lt=now - timedelta(days=settings.RETENTION_ACCESS_LOG_DAYS))
    old_messages = Message.objects.filter(
        created_at__lt=now - timedelta(days=settings.RETENTION_MESSAGE_DAYS),
        status__in=[
            Message.Status.SENT,
            Message.Status.FAILED,
            Message.Status.SKIPPED,
            Message.Status.MANUAL,
        ],
    )
    cutoff = today - timedelta(days=settings.RETENTION_APPLICANT_DAYS)
    kept = Application.objects.filter(
        Q(status=Application.Status.SELECTED) | Q(followup_consent=True) | Q(batch__end_date__gte=cutoff)
    )
    applicants = (
        Person.objects.filter(anonymised_at__isnull=True, applications__isnull=False)
        .exclude(pk__in=kept.values("person_id"))
        .exclude(enterprises__graduations__isnull=False)
        .exclude(user__memberships__isnull=False)
        .distinct()
    )
    old_pending = PendingApplication.objects.filter(expires_at__lt=now)
    report = RetentionReport(
        import_files=old_imports.count(), access_logs=old_logs.count(), messages=old_messages.count(),
        applicants=applicants.count(), pending_applications=old_pending.count(),
    )  # fmt: skip
    if dry_run:
        return report
    # Waiting form submissions hold an encrypted NIK and answers; their codes are useless once expired.
    pending_applications_expire(now=now)
    one_time_codes_expire(now=now)
    for job in old_imports:
        job.file.delete(save=False)
        job.file = ""
        job.save(update_fields=["file"])
    old_logs.delete()
    old_messages.delete()
    for person in applicants.iterator(chunk_size=200):
        anonymise(person=person, actor=None, note="retention")
    return report


def requests_overdue(queryset: Any, now: datetime | None = None) -> Any:
    return queryset.filter(status=DataRequest.Status.OPEN, due_at__lt=now or timezone.now())
