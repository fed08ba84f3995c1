"""Mentoring's part of a person's rights: mentors, visits, consultations and follow-ups.

Registered with `core.personal_data.providers` in MentoringConfig.ready(); writes only mentoring rows
(and asks notify to hold back the follow-up reminders it queued).
"""

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from naikkelas.core.audit import audit_redact
from naikkelas.core.formats import long_date
from naikkelas.core.personal_data import REMOVED, DataSubject, PersonalData, Section, export_of, files_delete
from naikkelas.mentoring.models import Consultation, ConsultationMessage, FollowUp, MentorAssignment, Visit
from naikkelas.mentoring.services.followups import new_nonce
from naikkelas.notify.services.outbox import messages_skip_queued


def _followup_heading(followup: FollowUp, _language: str) -> str:
    return f"{followup.enterprise} · " + gettext("Tindak lanjut %(months)s bulan") % {
        "months": followup.month_offset
    }


def sections(subject: DataSubject) -> dict[str, Section]:
    ids = subject.enterprise_ids
    consultations = Consultation.objects.filter(enterprise_id__in=ids)
    return {
        "pendamping": Section(_("Pendamping"), MentorAssignment.objects.filter(enterprise_id__in=ids)),
        "kunjungan": Section(
            _("Kunjungan pendamping"), Visit.objects.filter(enterprise_id__in=ids).select_related("enterprise"),
            heading=lambda visit, language: f"{visit.enterprise} · {long_date(visit.date, language)}",
        ),
        "konsultasi": Section(_("Konsultasi"), consultations),
        "pesan_konsultasi": Section(
            _("Pesan dalam konsultasi"), ConsultationMessage.objects.filter(consultation__in=consultations)
        ),
        "tindak_lanjut": Section(
            _("Laporan tindak lanjut"), FollowUp.objects.filter(enterprise_id__in=ids).select_related("enterprise"),
            exclude=("link_nonce",), heading=_followup_heading,
        ),
    }  # fmt: skip


def _followups_stop(followups: QuerySet[FollowUp], now: datetime) -> int:
    """Pending follow-ups stop; their personal links die at once (a fresh nonce, an expiry in the past)."""
    stopped = list(followups.filter(status=FollowUp.Status.PENDING))
    for followup in stopped:
        followup.status = FollowUp.Status.WITHDRAWN
        followup.link_nonce = new_nonce()
        followup.link_expires_on = now.date() - timedelta(days=1)
    FollowUp.objects.bulk_update(stopped, ["status", "link_nonce", "link_expires_on"])
    return len(stopped)


def anonymise(subject: DataSubject, now: datetime) -> None:
    """Nothing contacts them any more; photos, evidence and free text go; visits and figures stay."""
    ids = subject.enterprise_ids
    followups = FollowUp.objects.filter(enterprise_id__in=ids)
    _followups_stop(followups, now)
    consultations = Consultation.objects.filter(enterprise_id__in=ids)
    files_delete(consultations, "photo")
    consultations.update(description=REMOVED, photo="")
    ConsultationMessage.objects.filter(consultation__in=consultations).update(body=REMOVED)
    files_delete(followups.exclude(evidence=""), "evidence")
    followups.update(evidence="")
    visits = Visit.objects.filter(enterprise_id__in=ids)
    files_delete(visits.exclude(photo=""), "photo")
    visits.update(topics=REMOVED, problems=REMOVED, photo="")
    # Their audit rows name the enterprise (often after its owner): the trail keeps only that they changed.
    for model in (MentorAssignment, Visit, Consultation, FollowUp):
        row_ids = list(model._default_manager.filter(enterprise_id__in=ids).values_list("pk", flat=True))
        audit_redact(model=model, object_ids=row_ids, text=REMOVED)


def withdraw(subject: DataSubject, now: datetime) -> dict[str, int]:
    """Pending follow-ups stop and their links die; reminders already queued are not sent."""
    stopped = _followups_stop(FollowUp.objects.filter(enterprise_id__in=subject.enterprise_ids), now)
    dropped = messages_skip_queued(
        recipients=subject.addresses, template_prefix="followup", reason="consent withdrawn"
    )
    return {"followups_stopped": stopped, "reminders_dropped": dropped}


PROVIDER = PersonalData(sections=sections, export=export_of(sections), anonymise=anonymise, withdraw=withdraw)
