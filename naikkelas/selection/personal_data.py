"""Selection's part of a person's rights: applications and graduations, and which applicants' data is
past its time.

Registered with `core.personal_data.providers` in SelectionConfig.ready(); writes only selection rows.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from naikkelas.core.audit import audit_redact
from naikkelas.core.personal_data import REMOVED, DataSubject, PersonalData, Retention, Section, export_of
from naikkelas.regions.models import Region
from naikkelas.registry.models import Person
from naikkelas.selection.eligibility import stored_reason
from naikkelas.selection.models import Application, Graduation, PendingApplication
from naikkelas.selection.services.applications import pending_applications_expire


def _reasons(application: Application, language: str) -> str:
    codes = {str(result.get("params", {}).get("region", "")) for result in application.eligibility}
    regions = dict(Region.objects.filter(code__in=codes - {""}).values_list("code", "name"))
    return "; ".join(stored_reason(result, language, regions) for result in application.eligibility)


def _answers(application: Application, language: str) -> str:
    questions = application.level.motivation_questions or []
    return "; ".join(
        f"{questions[i]}: {answer}" if i < len(questions) else answer
        for i, answer in enumerate(application.answers)
    )


def sections(subject: DataSubject) -> dict[str, Section]:
    applications = Application.objects.filter(enterprise_id__in=subject.enterprise_ids).select_related(
        "batch", "level", "enterprise"
    )
    return {
        "lamaran": Section(
            _("Pendaftaran ke pelatihan"), applications, exclude=("status_nonce",),
            hidden=("eligibility_settings", "decision_reason_en", "possible_duplicate_of"),
            words={"eligibility": _reasons, "answers": _answers},
            heading=lambda application, _language: str(application.batch),
        ),
        "kelulusan": Section(
            _("Kelulusan"), Graduation.objects.filter(enterprise_id__in=subject.enterprise_ids)
        ),
    }  # fmt: skip


def anonymise(subject: DataSubject, now: datetime) -> None:
    """The applications stay (the cohort counts them) without consent or free-text reasons."""
    applications = Application.objects.filter(enterprise_id__in=subject.enterprise_ids)
    applications.update(followup_consent=False, override_reason="", decision_reason="", decision_reason_en="")
    audit_redact(model=Application, object_ids=list(applications.values_list("pk", flat=True)), text=REMOVED)
    graduations = Graduation.objects.filter(enterprise_id__in=subject.enterprise_ids)
    audit_redact(model=Graduation, object_ids=list(graduations.values_list("pk", flat=True)), text=REMOVED)


def withdraw(subject: DataSubject, now: datetime) -> dict[str, int]:
    """No longer a comparison-group member who agreed to be followed up."""
    Application.objects.filter(enterprise_id__in=subject.enterprise_ids).update(followup_consent=False)
    return {}


def retention(run: Retention) -> dict[str, int]:
    """Waiting form submissions hold an encrypted NIK and answers; gone once expired."""
    count = PendingApplication.objects.filter(expires_at__lt=run.now).count()
    if not run.dry_run:
        pending_applications_expire(now=run.now)
    return {"pending_applications": count}


def expired(run: Retention) -> Iterable[int]:
    """Applicants never selected who did not agree to be followed up, once their batch ended more than
    RETENTION_APPLICANT_DAYS ago; never a graduate or a staff member."""
    cutoff = run.today - timedelta(days=settings.RETENTION_APPLICANT_DAYS)
    kept = Application.objects.filter(
        Q(status=Application.Status.SELECTED) | Q(followup_consent=True) | Q(batch__end_date__gte=cutoff)
    )
    return (
        Person.objects.filter(anonymised_at__isnull=True, applications__isnull=False)
        .exclude(pk__in=kept.values("person_id"))
        .exclude(enterprises__graduations__isnull=False)
        .exclude(user__memberships__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )


PROVIDER = PersonalData(
    sections=sections,
    export=export_of(sections),
    anonymise=anonymise,
    withdraw=withdraw,
    retention=retention,
    expired=expired,
)
