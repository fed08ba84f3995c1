"""Training's part of a person's rights: enrolments, attendance, assignments handed in, certificates,
graduations.

Registered with `core.personal_data.providers` in TrainingConfig.ready(); writes only training rows.
"""

from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from naikkelas.core.audit import audit_redact
from naikkelas.core.formats import long_date, number
from naikkelas.core.personal_data import REMOVED, DataSubject, PersonalData, Section, export_of, files_delete
from naikkelas.training.models import (
    Attendance,
    Certificate,
    Enrolment,
    Graduation,
    Submission,
    SubmissionFile,
)


def _enrolments(subject: DataSubject) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(application__enterprise_id__in=subject.enterprise_ids)


def _figures_in_words(submission: Submission, language: str) -> str:
    """The figures handed in, under the labels the assignment asked them with: "Biaya per unit (Rp):
    10.000", never the stored key."""
    labels = {field["key"]: field["label"] for field in submission.assignment.figure_fields or []}
    return "; ".join(
        f"{labels.get(key, key)}: {number(value, language) if isinstance(value, int | float) else value}"
        for key, value in (submission.figures or {}).items()
    )


def sections(subject: DataSubject) -> dict[str, Section]:
    enrolments = _enrolments(subject).select_related("batch")
    return {
        "pendaftaran_pelatihan": Section(
            _("Pelatihan yang diikuti"), enrolments, heading=lambda enrolment, _language: str(enrolment.batch)
        ),
        "kehadiran": Section(
            _("Kehadiran"), Attendance.objects.filter(enrolment__in=enrolments).select_related("enrolment__batch"),
            heading=lambda row, language: f"{row.enrolment.batch} · {long_date(row.date, language)}",
        ),
        "tugas": Section(
            _("Tugas"), Submission.objects.filter(enrolment__in=enrolments).select_related("assignment"),
            heading=lambda submission, _language: str(submission.assignment),
            words={"figures": _figures_in_words},
        ),
        "sertifikat": Section(_("Sertifikat"), Certificate.objects.filter(enrolment__in=enrolments)),
        "kelulusan": Section(
            _("Kelulusan"), Graduation.objects.filter(enterprise_id__in=subject.enterprise_ids)
        ),
    }  # fmt: skip


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
        (Graduation, Graduation.objects.filter(enterprise_id__in=subject.enterprise_ids)),
    ):
        audit_redact(model=model, object_ids=list(queryset.values_list("pk", flat=True)), text=REMOVED)


PROVIDER = PersonalData(sections=sections, export=export_of(sections), anonymise=anonymise)
