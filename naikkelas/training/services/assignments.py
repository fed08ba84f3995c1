"""Assignments (tugas) and their submissions: writes, with uploads checked before anything is stored."""

from dataclasses import dataclass
from datetime import timedelta
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record
from naikkelas.core.formats import parse_rupiah
from naikkelas.core.uploads import CheckedFile, UploadError, check_upload, display_name
from naikkelas.programs.models import Batch, Level
from naikkelas.training.models import Assignment, AssignmentTemplate, Enrolment, Submission, SubmissionFile

# (title, instructions, wants_text, wants_files, figure fields, due: days after the first day)
DEFAULT_ASSIGNMENTS = [
    ("Kanvas model bisnis usaha saya", "Isi sembilan kotak kanvas model bisnis untuk usaha Anda sendiri; unggah fotonya.", True, True, [], 0),
    ("Buku kas satu minggu", "Catat uang masuk dan keluar usaha Anda selama seminggu; unggah foto atau PDF-nya.", False, True, [], 7),
    ("HPP dan harga jual", "Hitung harga pokok produksi satu produk Anda dan tetapkan harga jualnya.", True, False,
     [{"key": "cost_per_unit", "label": "Biaya per unit (Rp)"}, {"key": "selling_price", "label": "Harga jual per unit (Rp)"}], 2),
    ("Foto produk", "Unggah tiga foto produk Anda dengan latar polos dan cahaya cukup.", False, True, [], 3),
    ("Target omzet bulan depan", "Tetapkan target omzet bulan depan dan jelaskan caranya.", True, False,
     [{"key": "next_month_omzet_target", "label": "Target omzet bulan depan (Rp)"}], 4),
    ("Rencana tindak lanjut", "Tuliskan tiga langkah yang akan Anda lakukan dalam tiga bulan ke depan.", True, False, [], 30),
]  # fmt: skip


def assignment_templates_ensure(*, level: Level) -> int:
    """Give a level the default assignment templates when it has none (admins edit them afterwards)."""
    if level.assignment_templates.exists():
        return 0
    created = AssignmentTemplate.objects.bulk_create(
        AssignmentTemplate(
            level=level, title=title, instructions=text, wants_text=wants_text, wants_files=wants_files,
            figure_fields=fields, due_after_days=due, order=index,
        )
        for index, (title, text, wants_text, wants_files, fields, due) in enumerate(DEFAULT_ASSIGNMENTS)
    )  # fmt: skip
    return len(created)


def assignments_create_default(*, actor: User | None, batch: Batch) -> int:
    """Copy the level's assignment templates onto the batch, due during and after its days (once)."""
    if batch.assignments.exists():
        raise ValidationError(_("Tugas angkatan ini sudah dibuat."))
    assignment_templates_ensure(level=batch.level)
    created = Assignment.objects.bulk_create(
        Assignment(
            batch=batch, title=t.title, instructions=t.instructions, wants_text=t.wants_text,
            wants_files=t.wants_files, figure_fields=t.figure_fields,
            due_on=batch.start_date + timedelta(days=t.due_after_days),
        )
        for t in batch.level.assignment_templates.all()
    )  # fmt: skip
    audit_record(actor=actor, action="update", instance=batch, changes={"assignments_created": len(created)})
    return len(created)


@dataclass(frozen=True)
class Upload:
    """One file of a submission: its name as uploaded and its bytes, or the uploaded file itself (then
    at most the size limit + 1 bytes are read)."""

    name: str
    content: bytes | IO[bytes] | UploadedFile


def submission_save(
    *, actor: User, assignment: Assignment, text: str, figures: dict[str, str], uploads: list[Upload]
) -> Submission:
    """A participant submits (or, after 'revise', resubmits) an assignment. Every file is checked
    before anything is written; a refused file leaves the database and the storage as they were."""
    enrolment = Enrolment.objects.filter(
        batch=assignment.batch, application__person__user=actor, status=Enrolment.Status.ACTIVE
    ).first()
    if enrolment is None:
        raise PermissionDenied
    existing = Submission.objects.filter(assignment=assignment, enrolment=enrolment).first()
    if existing is not None and existing.status in (Submission.Status.PASS, Submission.Status.FAIL):
        raise ValidationError(_("Tugas ini sudah dinilai dan tidak dapat dikirim ulang."))
    errors: dict[str, list[str]] = {}
    if assignment.wants_text and not text.strip():
        errors["text"] = [_("Tulis jawaban Anda.")]
    numbers: dict[str, int] = {}
    for field in assignment.figure_fields:
        raw = (figures.get(field["key"]) or "").strip()
        try:
            numbers[field["key"]] = parse_rupiah(raw) if raw else -1
        except ValueError as error:
            errors[field["key"]] = [str(error)]
            continue
        if not raw:
            errors[field["key"]] = [_("Wajib diisi.")]
    checked: list[tuple[str, CheckedFile]] = []
    for upload in uploads:
        try:
            checked.append((display_name(upload.name, "berkas"), check_upload(upload.content, upload.name)))
        except UploadError as error:
            errors.setdefault("files", []).append(str(error))
    has_files = bool(checked) or (existing is not None and existing.files.exists())
    if assignment.wants_files and not has_files:
        errors.setdefault("files", []).append(_("Unggah sedikitnya satu foto atau dokumen."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        submission = existing or Submission(assignment=assignment, enrolment=enrolment)
        submission.text = text.strip()
        submission.figures = numbers
        submission.status = Submission.Status.SUBMITTED
        submission.submitted_at = timezone.now()
        submission.save()
        for name, file in checked:
            stored = SubmissionFile(
                submission=submission,
                original_name=name[:200],
                content_type=file.content_type,
                size=len(file.content),
            )
            stored.file.save(f"tugas-{submission.pk}.{file.extension}", ContentFile(file.content), save=False)
            stored.save()
        audit_record(
            actor=actor,
            action="update" if existing else "create",
            instance=submission,
            changes={"figures": numbers, "files": len(checked)},
        )
    return submission


def submission_grade(
    *, actor: User, submission: Submission, status: str, score: int | None, feedback: str
) -> Submission:
    """A trainer grades: pass, revise (reopens it for the participant) or fail, with a score and feedback."""
    if status not in (Submission.Status.PASS, Submission.Status.REVISE, Submission.Status.FAIL):
        raise ValidationError({"status": [_("Pilih lulus, perlu diperbaiki, atau tidak lulus.")]})
    if score is not None and not 0 <= score <= 100:
        raise ValidationError({"score": [_("Nilai 0 sampai 100.")]})
    if status == Submission.Status.REVISE and not feedback.strip():
        raise ValidationError({"feedback": [_("Jelaskan apa yang perlu diperbaiki.")]})
    with transaction.atomic():
        before = submission.status
        submission.status = status
        submission.score = score
        submission.feedback = feedback.strip()
        submission.graded_by = actor
        submission.graded_at = timezone.now()
        submission.save(update_fields=["status", "score", "feedback", "graded_by", "graded_at"])
        audit_record(
            actor=actor,
            action="update",
            instance=submission,
            changes={"status": [before, status], "score": score},
        )
    return submission
