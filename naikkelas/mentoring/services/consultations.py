"""Consultations: a participant asks, their mentor answers in a thread, the participant confirms.

Deadline: the first answer is due CONSULTATION_RESPONSE_WORKING_DAYS working days after the request
(weekends, national holidays and cuti bersama excluded). Once past due the request escalates to the
regency/city admins (level 1), and CONSULTATION_PROVINCE_AFTER_WORKING_DAYS working days later to the
province (level 2); each step notifies the people it reaches, once."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.core import workdays
from naikkelas.core.audit import audit_record
from naikkelas.core.uploads import UploadError, check_photo
from naikkelas.mentoring.models import Consultation, ConsultationMessage, Mentor, MentorAssignment
from naikkelas.notify.services.outbox import Contact, notify_person
from naikkelas.regions.codes import region_codes
from naikkelas.registry.models import Enterprise


def local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def response_due(opened_on: date) -> date:
    days_off = workdays.days_off(opened_on, opened_on + timedelta(days=60))
    return workdays.add_working_days(opened_on, settings.CONSULTATION_RESPONSE_WORKING_DAYS, days_off)


def escalation_due(consultation: Consultation, today: date) -> int:
    """The escalation level a still-unanswered consultation should be at today."""
    if consultation.first_response_at is not None or consultation.status == Consultation.Status.CLOSED:
        return consultation.escalation
    if today <= consultation.response_due_on:
        return Consultation.Escalation.NONE
    days_off = workdays.days_off(consultation.response_due_on, today)
    late = workdays.working_days_between(consultation.response_due_on, today, days_off)
    if late > settings.CONSULTATION_PROVINCE_AFTER_WORKING_DAYS:
        return Consultation.Escalation.PROVINCE
    return Consultation.Escalation.REGENCY


def consultation_open(
    *,
    actor: User,
    enterprise: Enterprise,
    category: str,
    description: str,
    photo: UploadedFile | None = None,
    now: datetime | None = None,
) -> Consultation:
    """A participant asks for help about their enterprise; their mentor is told."""
    now = now or timezone.now()
    description = description.strip()
    errors: dict[str, list[str]] = {}
    if category not in Consultation.Category.values:
        errors["category"] = [_("Pilih kategori.")]
    if len(description) < 10:
        errors["description"] = [_("Ceritakan masalahnya (paling sedikit 10 huruf).")]
    checked = None
    if photo is not None:
        try:
            checked = check_photo(photo, photo.name or _("foto"))
        except UploadError as error:
            errors["photo"] = [str(error)]
    if errors:
        raise ValidationError(errors)
    assignment = (
        MentorAssignment.objects.filter(enterprise=enterprise, ended_at__isnull=True)
        .select_related("mentor__user")
        .first()
    )
    consultation = Consultation(
        enterprise=enterprise, mentor=assignment.mentor if assignment else None, opened_by=actor,
        category=category, description=description, opened_at=now,
        response_due_on=response_due(local_date(now)), **region_codes(enterprise),
    )  # fmt: skip
    with transaction.atomic():
        if checked is not None:
            consultation.photo.save(
                f"konsultasi.{checked.extension}", ContentFile(checked.content), save=False
            )
        consultation.save()
        audit_record(actor=actor, action="create", instance=consultation, changes={"category": category})
        if consultation.mentor is not None:
            _tell_staff(consultation.mentor.user, consultation, "consultation_opened", "opened")
    return consultation


def consultation_reply(
    *, actor: User, consultation: Consultation, body: str, now: datetime | None = None
) -> ConsultationMessage:
    """A message in the thread. From staff it is an answer (the first one stops the clock); from the
    participant it asks again and waits for the next answer."""
    now = now or timezone.now()
    body = body.strip()
    if not body:
        raise ValidationError({"body": [_("Tulis pesannya.")]})
    if consultation.status == Consultation.Status.CLOSED:
        raise ValidationError(_("Konsultasi ini sudah selesai; buka konsultasi baru."))
    from_participant = consultation.enterprise.owner.user_id == actor.pk
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        message = ConsultationMessage.objects.create(
            consultation=locked, author=actor, body=body, created_at=now
        )
        if from_participant:
            locked.status = Consultation.Status.OPEN
            locked.save(update_fields=["status"])
            if locked.mentor is not None:
                _tell_staff(locked.mentor.user, locked, "consultation_reply", f"reply-{message.pk}")
        else:
            locked.status = Consultation.Status.ANSWERED
            locked.last_answer_at = now
            locked.first_response_at = locked.first_response_at or now
            locked.save(update_fields=["status", "last_answer_at", "first_response_at"])
            _tell_participant(locked, "consultation_answered", f"answer-{message.pk}")
    consultation.refresh_from_db()
    return message


def consultation_close(
    *, actor: User, consultation: Consultation, now: datetime | None = None
) -> Consultation:
    """The participant, her mentor or an admin of the region says the matter is settled."""
    if consultation.status == Consultation.Status.CLOSED:
        return consultation
    with transaction.atomic():
        consultation.status = Consultation.Status.CLOSED
        consultation.closed_at = now or timezone.now()
        consultation.save(update_fields=["status", "closed_at"])
        audit_record(actor=actor, action="update", instance=consultation, changes={"status": "closed"})
    return consultation


def consultation_hand_over(
    *, actor: User, consultation: Consultation, mentor: Mentor, reason: str, now: datetime | None = None
) -> Consultation:
    """Give a consultation to another mentor: the mentor hands it to a colleague, or an admin (the province
    for an escalated one) reassigns it. The reason goes into the thread, the new mentor is told, and when
    nobody has answered yet her first answer is due anew (the escalation reached so far stays)."""
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Tuliskan alasan konsultasi ini diserahkan.")]})
    if consultation.status == Consultation.Status.CLOSED:
        raise ValidationError(_("Konsultasi ini sudah selesai; buka konsultasi baru."))
    if not mentor.active:
        raise ValidationError({"mentor": [_("Pendamping itu tidak aktif lagi.")]})
    if mentor.pk == consultation.mentor_id:
        raise ValidationError({"mentor": [_("Konsultasi ini sudah dipegang pendamping itu.")]})
    if mentor.province_code != consultation.province_code:
        raise ValidationError({"mentor": [_("Pilih pendamping dari provinsi yang sama.")]})
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        before = locked.mentor_id
        locked.mentor = mentor
        fields = ["mentor"]
        if locked.first_response_at is None:
            locked.response_due_on = response_due(local_date(now))
            fields.append("response_due_on")
        locked.save(update_fields=fields)
        note = ConsultationMessage.objects.create(
            consultation=locked, author=actor, created_at=now,
            body=_("Konsultasi diserahkan kepada %(mentor)s. Alasan: %(reason)s")
            % {"mentor": mentor.user, "reason": reason},
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="update",
            instance=locked,
            changes={"mentor": [before, mentor.pk], "reason": reason},
        )
        _tell_staff(mentor.user, locked, "consultation_opened", f"handover-{note.pk}")
    consultation.refresh_from_db()
    return consultation


@dataclass
class TickReport:
    escalated_regency: int = 0
    escalated_province: int = 0
    closed: int = 0


def consultations_tick(*, now: datetime | None = None) -> TickReport:
    """Escalate what is overdue (telling the admins it now reaches) and close answered consultations the
    participant left unconfirmed for CONSULTATION_AUTOCLOSE_DAYS days."""
    now = now or timezone.now()
    today = local_date(now)
    report = TickReport()
    admins: dict[tuple[str, str], list[User]] = {}

    def admins_of(kind: str, code: str) -> list[User]:
        if (kind, code) not in admins:
            admins[(kind, code)] = _admins(kind, code)
        return admins[(kind, code)]

    waiting = Consultation.objects.filter(
        status=Consultation.Status.OPEN,
        first_response_at__isnull=True,
        response_due_on__lt=today,
        escalation__lt=Consultation.Escalation.PROVINCE,
    ).select_related("enterprise")
    for consultation in waiting:
        level = escalation_due(consultation, today)
        if level <= consultation.escalation:
            continue
        with transaction.atomic():
            previous = consultation.escalation
            consultation.escalation = level
            consultation.escalated_at = now
            consultation.save(update_fields=["escalation", "escalated_at"])
            audit_record(actor=None, action="update", instance=consultation, changes={"escalation": level})
            if previous < Consultation.Escalation.REGENCY:
                report.escalated_regency += 1
                for admin in admins_of(Organisation.Kind.REGENCY_OFFICE, consultation.regency_code):
                    _tell_staff(admin, consultation, "consultation_escalated", "escalated-1")
            if level == Consultation.Escalation.PROVINCE:
                report.escalated_province += 1
                for admin in admins_of(Organisation.Kind.PROVINCE_CENTRE, consultation.province_code):
                    _tell_staff(admin, consultation, "consultation_escalated", "escalated-2")
    stale = now - timedelta(days=settings.CONSULTATION_AUTOCLOSE_DAYS)
    report.closed = Consultation.objects.filter(
        status=Consultation.Status.ANSWERED, last_answer_at__lt=stale
    ).update(status=Consultation.Status.CLOSED, closed_at=now, closed_automatically=True)
    return report


def _admins(kind: str, region_code: str) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role=Membership.Role.ADMIN,
            memberships__organisation__kind=kind,
            memberships__organisation__region_id=region_code,
        ).distinct()
    )


def _context(consultation: Consultation) -> dict[str, str]:
    return {
        "enterprise": consultation.enterprise.name,
        "category": str(consultation.get_category_display()),
        "description": consultation.description[:300],
        "due": consultation.response_due_on.isoformat(),
        "url": settings.SITE_URL + reverse("mentoring:consultation", args=[consultation.pk]),
    }


def _tell_staff(user: User, consultation: Consultation, template: str, event: str) -> None:
    # By email only (the message type's channel); staff without one see it on their queue and dashboard.
    notify_person(
        person=Contact(email=user.email), template=template, context=_context(consultation),
        dedupe_key=f"consultation:{consultation.pk}:{event}:user-{user.pk}",
        regency_code=consultation.regency_code,
    )  # fmt: skip


def _tell_participant(consultation: Consultation, template: str, event: str) -> None:
    person = consultation.enterprise.owner
    notify_person(
        person=person, template=template, context={**_context(consultation), "name": person.name},
        dedupe_key=f"consultation:{consultation.pk}:{event}", regency_code=consultation.regency_code,
    )  # fmt: skip
