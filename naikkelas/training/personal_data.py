"""Training's part of a person's rights: enrolments, attendance, assignments handed in, certificates.

Registered with `core.personal_data.providers` in TrainingConfig.ready(); writes only training rows.
"""

from datetime import datetime

from django.db.models import QuerySet

from naikkelas.core.audit import audit_redact
from naikkelas.core.personal_data import REMOVED, DataSubject, PersonalData, Rows, files_delete, rows
from naikkelas.training.models import Attendance, Certificate, Enrolment, Submission, SubmissionFile


def _enrolments(subject: DataSubject) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(application__enterprise_id__in=subject.enterprise_ids)


def export(subject: DataSubject) -> dict[str, Rows]:
    enrolments = _enrolments(subject)
    return {
        "pendaftaran_pelatihan": rows(enrolments),
        "kehadiran": rows(Attendance.objects.filter(enrolment__in=enrolments)),
        "tugas": rows(Submission.objects.filter(enrolment__in=enrolments)),
        "sertifikat": rows(Certificate.objects.filter(enrolment__in=enrolments)),
    }


def anonymise(subject: DataSubject, now: datetime) -> None:
    """Attendance, grades and certificates stay (they count); what the person wrote and uploaded goes."""
    enrolments = _enrolments(subject)
    submissions = Submission.objects.filter(enrolment__in=enrolments)
    files = SubmissionFile.objects.filter(submission__in=submissions)
    files_delete(files, "file")
    files.delete()
    submissions.update(text=REMOVED)
    # Their audit rows name the participant's enterprise: the trail keeps only that they changed.
    for model, queryset in (
        (Enrolment, enrolments),
        (Attendance, Attendance.objects.filter(enrolment__in=enrolments)),
        (Submission, submissions),
        (Certificate, Certificate.objects.filter(enrolment__in=enrolments)),
    ):
        audit_redact(model=model, object_ids=list(queryset.values_list("pk", flat=True)), text=REMOVED)


PROVIDER = PersonalData(export=export, anonymise=anonymise)
