"""Follow-ups: the figures everyone offered a seat owes at 3, 6 and 12 months (per program) after the
batch they entered at — graduates, dropouts and those who went on alike — and the same asked of
consenting eligible applicants who were not selected (the comparison group; `selection.cohorts`).

The participant answers through a personal link without a password: a signed token naming the follow-up
and its nonce. It opens that one follow-up only, stops after `link_expires_on`, and a new nonce revokes it.
A figure that jumps by more than the program's factor from the previous report asks for confirmation
(and an optional evidence photo) before it is stored."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core import formats
from naikkelas.core.audit import audit_record, audit_record_many
from naikkelas.core.dates import add_months, first_of_month
from naikkelas.core.uploads import UploadError, check_photo
from naikkelas.mentoring.models import FollowUp
from naikkelas.notify.models import Message
from naikkelas.notify.services.outbox import channel_for, notify_person
from naikkelas.programs.models import Program
from naikkelas.regions.codes import region_codes
from naikkelas.registry.models import MetricReport
from naikkelas.registry.services import metric_reports
from naikkelas.selection.cohorts import (
    program_members,
    withdrawn_enterprises,
)

LINK_SALT = "naikkelas.mentoring.followup-link"
METRICS = ("omzet", "aset", "workers")


def new_nonce() -> str:
    return secrets.token_hex(16)


@dataclass(frozen=True)
class Anchor:
    enterprise_id: int
    group: str
    on: date
    province_code: str
    regency_code: str


def _anchors(program: Program) -> dict[int, Anchor]:
    """Each enterprise owed figures in this program (`selection.cohorts` says who: everyone offered a
    seat, graduate or not, and the consenting comparison members), from the end of its entry batch."""
    withdrawn = withdrawn_enterprises()
    return {
        m.enterprise_id: Anchor(m.enterprise_id, m.group, m.anchor, m.province_code, m.regency_code)
        for m in program_members(program.pk)
        if m.enterprise_id not in withdrawn
    }


def followups_schedule(*, program: Program) -> int:
    """Create the follow-ups each participant and comparison member owes (idempotent); pending ones move
    when their entry or group changes. Returns how many were created."""
    anchors = _anchors(program)
    existing = {
        (f.enterprise_id, f.month_offset): f
        for f in FollowUp.objects.filter(program=program, enterprise_id__in=list(anchors))
    }
    to_create, to_move = [], []
    for anchor in anchors.values():
        for months in program.followup_schedule:
            due = add_months(anchor.on, months)
            current = existing.get((anchor.enterprise_id, months))
            if current is None:
                to_create.append(
                    FollowUp(
                        enterprise_id=anchor.enterprise_id,
                        program=program,
                        group=anchor.group,
                        month_offset=months,
                        anchor_on=anchor.on,
                        due_on=due,
                        link_nonce=new_nonce(),
                        link_expires_on=due + timedelta(days=settings.FOLLOWUP_LINK_DAYS),
                        **region_codes(anchor),
                    )
                )
            elif current.status == FollowUp.Status.PENDING and (current.anchor_on, current.group) != (
                anchor.on,
                anchor.group,
            ):
                current.anchor_on, current.group, current.due_on = anchor.on, anchor.group, due
                current.link_expires_on = due + timedelta(days=settings.FOLLOWUP_LINK_DAYS)
                to_move.append(current)
    with transaction.atomic():
        FollowUp.objects.bulk_create(to_create, batch_size=1000, ignore_conflicts=True)
        FollowUp.objects.bulk_update(
            to_move, ["anchor_on", "group", "due_on", "link_expires_on"], batch_size=500
        )
    return len(to_create)


def link_token(followup: FollowUp) -> str:
    return signing.dumps({"f": followup.pk, "n": followup.link_nonce}, salt=LINK_SALT)


def link_url(followup: FollowUp) -> str:
    return settings.SITE_URL + reverse("followup_link", args=[link_token(followup)])


def followup_from_token(token: str, *, today: date | None = None) -> FollowUp | None:
    """The follow-up a personal link opens, or None when the link is forged, revoked or expired."""
    try:
        data = signing.loads(token, salt=LINK_SALT)
        pk, nonce = int(data["f"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    followup = (
        FollowUp.objects.filter(pk=pk, link_nonce=nonce)
        .select_related("enterprise__owner", "program", "report")
        .first()
    )
    if followup is None or (today or timezone.localdate()) > followup.link_expires_on:
        return None
    return followup


def followup_link_revoke(*, actor: User, followup: FollowUp) -> FollowUp:
    """Invalidate every link sent for this follow-up; a later reminder carries a fresh one."""
    followup.link_nonce = new_nonce()
    followup.save(update_fields=["link_nonce"])
    audit_record(actor=actor, action="update", instance=followup, changes={"link": "revoked"})
    return followup


def followup_link_renew(*, actor: User | None, followup: FollowUp, today: date | None = None) -> FollowUp:
    """Send a fresh personal link (for a late respondent or a lost message): the old link stops working,
    the new one works for FOLLOWUP_LINK_DAYS days from today."""
    if followup.status != FollowUp.Status.PENDING:
        raise ValidationError(_("Angka tindak lanjut ini sudah dilaporkan. Terima kasih."))
    followup.link_nonce = new_nonce()
    followup.link_expires_on = (today or timezone.localdate()) + timedelta(days=settings.FOLLOWUP_LINK_DAYS)
    followup.reminders_sent = max(followup.reminders_sent, 2)  # this message replaces the scheduled reminders
    followup.save(update_fields=["link_nonce", "link_expires_on", "reminders_sent"])
    audit_record(actor=actor, action="update", instance=followup, changes={"link": "renewed"})
    _remind(followup, f"renew-{followup.link_nonce[:8]}")
    return followup


def asked_period(followup: FollowUp, today: date | None = None) -> date:
    """The month a follow-up asks about: the month its figures were stored for once reported, otherwise
    the month report_period names today. The form names it, the service stores it."""
    if followup.report_id is not None and followup.report is not None:
        return followup.report.period
    return report_period(followup, today or timezone.localdate())


def previous_report(followup: FollowUp, period: date | None = None) -> MetricReport | None:
    """The enterprise's latest report before the month this follow-up asks about (a later report, such
    as the 12-month one filled in before a late 3-month one, is not "previous")."""
    period = period or asked_period(followup)
    return (
        MetricReport.objects.filter(enterprise_id=followup.enterprise_id, period__lt=period)
        .exclude(followup=followup)
        .order_by("-period", "-id")
        .first()
    )


def correction_open(followup: FollowUp, now: datetime | None = None) -> bool:
    """The figures sent may still be corrected: reported, and not longer ago than FOLLOWUP_CORRECTION_HOURS."""
    if followup.status != FollowUp.Status.REPORTED or followup.reported_at is None or followup.report is None:
        return False
    return (now or timezone.now()) - followup.reported_at <= timedelta(
        hours=settings.FOLLOWUP_CORRECTION_HOURS
    )


def correction_closes_at(followup: FollowUp) -> datetime | None:
    if followup.reported_at is None:
        return None
    return followup.reported_at + timedelta(hours=settings.FOLLOWUP_CORRECTION_HOURS)


def followup_correct(
    *,
    actor: User | None,
    followup: FollowUp,
    omzet: int,
    aset: int,
    workers: int,
    confirm_jump: bool = False,
    now: datetime | None = None,
) -> FollowUp:
    """Correct a typo in a follow-up's figures within FOLLOWUP_CORRECTION_HOURS of sending them: the same
    month's report changes (audited by the registry with the old and new values); the jump check applies
    again. Later corrections go through the mentor or the office."""
    now = now or timezone.now()
    if followup.status != FollowUp.Status.REPORTED or followup.report is None:
        raise ValidationError(_("Angka tindak lanjut ini belum dilaporkan."))
    if not correction_open(followup, now):
        raise ValidationError(
            _(
                "Angka hanya dapat diperbaiki sendiri dalam %(hours)s jam setelah dikirim; hubungi "
                "pendamping Anda untuk memperbaikinya."
            )
            % {"hours": settings.FOLLOWUP_CORRECTION_HOURS}
        )
    figures = {"omzet": omzet, "aset": aset, "workers": workers}
    _check_jump(followup, figures, followup.report.period, confirm_jump)
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update(of=("self",)).select_related("report").get(pk=followup.pk)
        before = {name: getattr(locked.report, name) for name in METRICS}
        assert locked.report is not None  # reported (checked above), and a report is never unlinked
        metric_reports.metric_report_update(
            actor=actor, report=locked.report, omzet=omzet, aset=aset, workers=workers
        )
        audit_record(
            actor=actor,
            action="update",
            instance=locked,
            changes={"corrected": {name: [before[name], figures[name]] for name in METRICS}},
        )
    followup.refresh_from_db()
    return followup


def _check_jump(followup: FollowUp, figures: dict[str, int], period: date, confirm_jump: bool) -> bool:
    """Refuse (asking for confirmation) figures that moved more than the program's factor; True if any did."""
    labels = {"omzet": _("omzet"), "aset": _("aset"), "workers": _("tenaga kerja")}
    moved = jumps(previous_report(followup, period), figures, followup.program.followup_jump_factor)
    if moved and not confirm_jump:
        raise ValidationError(
            {
                "confirm_jump": [
                    _(
                        "Angka %(names)s berubah lebih dari %(factor)s kali dibanding laporan sebelumnya. "
                        "Periksa lagi; bila benar, centang konfirmasi (foto bukti boleh dilampirkan)."
                    )
                    % {
                        "names": ", ".join(str(labels[m]) for m in moved),
                        "factor": formats.number(
                            followup.program.followup_jump_factor.normalize(),
                            translation.get_language() or "id",
                        ),
                    }
                ]
            },
            code="jump",
        )
    return bool(moved)


def jumps(previous: MetricReport | None, figures: dict[str, int], factor: Decimal) -> list[str]:
    """The metrics that moved by more than `factor` times (up or down) from the previous report."""
    if previous is None:
        return []
    moved = []
    for name in METRICS:
        before, after = getattr(previous, name), figures[name]
        if before > 0 and (after > before * factor or after * factor < before):
            moved.append(name)
    return moved


def report_period(followup: FollowUp, today: date) -> date:
    """The month the figures describe: the month before the due month, or last month when reporting early."""
    last_month = first_of_month(first_of_month(today) - timedelta(days=1))
    before_due = first_of_month(first_of_month(followup.due_on) - timedelta(days=1))
    return min(before_due, last_month)


def followup_report(
    *,
    actor: User | None,
    followup: FollowUp,
    omzet: int,
    aset: int,
    workers: int,
    via: str,
    confirm_jump: bool = False,
    evidence: UploadedFile | None = None,
    now: datetime | None = None,
) -> FollowUp:
    """Store a follow-up's figures (as the enterprise's metric report for that month)."""
    now = now or timezone.now()
    if followup.status == FollowUp.Status.REPORTED:
        raise ValidationError(_("Angka tindak lanjut ini sudah dilaporkan. Terima kasih."))
    if followup.status == FollowUp.Status.WITHDRAWN:
        raise ValidationError(_("Tindak lanjut ini dihentikan karena pemilik usaha menarik persetujuannya."))
    figures = {"omzet": omzet, "aset": aset, "workers": workers}
    period = report_period(followup, timezone.localdate(now))
    moved = _check_jump(followup, figures, period, confirm_jump)
    checked = None
    if evidence is not None:
        try:
            checked = check_photo(evidence, evidence.name or _("bukti"))
        except UploadError as error:
            raise ValidationError({"evidence": [str(error)]}) from None
    source = MetricReport.Source.MENTOR_VISIT if via == FollowUp.Via.MENTOR else MetricReport.Source.FOLLOW_UP
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=followup.pk)
        if locked.status == FollowUp.Status.REPORTED:
            raise ValidationError(_("Angka tindak lanjut ini sudah dilaporkan. Terima kasih."))
        report = metric_reports.metric_report_create(
            actor=actor, enterprise=followup.enterprise, period=period,
            source=source, note=_("Tindak lanjut %(months)s bulan") % {"months": followup.month_offset},
            **figures,
        )  # fmt: skip
        _mark_reported(locked, report=report, actor=actor, via=via, now=now)
        locked.jump_confirmed = bool(moved)
        if checked is not None:
            locked.evidence.save(f"bukti.{checked.extension}", ContentFile(checked.content), save=False)
        locked.save(
            update_fields=[
                "status",
                "report",
                "reported_at",
                "reported_by",
                "via",
                "jump_confirmed",
                "evidence",
            ]
        )
        audit_record(
            actor=actor,
            action="update",
            instance=locked,
            changes={"status": "reported", "via": via, **figures},
        )
    followup.refresh_from_db()
    return followup


def followup_report_closed(
    *, actor: User | None, followup: FollowUp, via: str, now: datetime | None = None
) -> FollowUp:
    """Record that the business has closed: a valid answer (survival is an outcome; a closed firm is not a
    non-respondent). This follow-up and the enterprise's later pending ones in the program are closed
    (no more reminders); no figures are stored."""
    now = now or timezone.now()
    if followup.status == FollowUp.Status.WITHDRAWN:
        raise ValidationError(_("Tindak lanjut ini dihentikan karena pemilik usaha menarik persetujuannya."))
    if followup.status != FollowUp.Status.PENDING:
        raise ValidationError(_("Tindak lanjut ini sudah dijawab. Terima kasih."))
    reporter = actor if actor is not None and actor.is_authenticated else None
    with transaction.atomic():
        closing = list(
            FollowUp.objects.select_for_update()
            .filter(
                enterprise_id=followup.enterprise_id, program_id=followup.program_id,
                status=FollowUp.Status.PENDING, month_offset__gte=followup.month_offset,
            )
            .order_by("month_offset")
        )  # fmt: skip
        if followup.pk not in {f.pk for f in closing}:
            raise ValidationError(_("Tindak lanjut ini sudah dijawab. Terima kasih."))
        for current in closing:
            current.status, current.reported_at, current.reported_by, current.via = (
                FollowUp.Status.CLOSED,
                now,
                reporter,
                via,
            )
        FollowUp.objects.bulk_update(closing, ["status", "reported_at", "reported_by", "via"])
        audit_record_many(
            actor=actor,
            action="update",
            changes_by_instance=[(f, {"status": "closed", "via": via}) for f in closing],
        )
    followup.refresh_from_db()
    return followup


def _mark_reported(
    followup: FollowUp, *, report: MetricReport, actor: User | None, via: str, now: datetime
) -> None:
    followup.status = FollowUp.Status.REPORTED
    followup.report = report
    followup.reported_at = now
    followup.reported_by = actor if actor is not None and actor.is_authenticated else None
    followup.via = via


def followup_attach_visit_report(
    *, actor: User, report: MetricReport, now: datetime | None = None
) -> FollowUp | None:
    """A mentor's visit figures answer the enterprise's pending follow-up due within 45 days of the visit."""
    now = now or timezone.now()
    window = timedelta(days=45)
    followup = (
        FollowUp.objects.filter(
            enterprise_id=report.enterprise_id,
            status=FollowUp.Status.PENDING,
            due_on__gte=report.period - window,
            due_on__lte=report.period + window + timedelta(days=31),
        )
        .order_by("due_on")
        .first()
    )
    if followup is None:
        return None
    _mark_reported(followup, report=report, actor=actor, via=FollowUp.Via.MENTOR, now=now)
    followup.save(update_fields=["status", "report", "reported_at", "reported_by", "via"])
    audit_record(
        actor=actor, action="update", instance=followup, changes={"status": "reported", "via": "mentor"}
    )
    return followup


def followups_remind_overdue(*, actor: User, regency_code: str, today: date | None = None) -> int:
    """Remind at once every owner of one regency/city whose follow-up is past due and unanswered: each owner
    gets one message, for her oldest overdue follow-up, with a fresh personal link (the old one stops), at
    most once a day; owners who withdrew consent or have no contact are left out. Returns how many owners
    were reminded."""
    today = today or timezone.localdate()
    if not regency_code:
        raise ValidationError(_("Pilih kabupaten/kota."))
    step = f"overdue-{today.isoformat()}"
    overdue = FollowUp.objects.filter(
        regency_code=regency_code,
        status=FollowUp.Status.PENDING,
        due_on__lt=today,
        enterprise__owner__consent_withdrawn_at__isnull=True,
    ).select_related("enterprise__owner")
    already = set(
        Message.objects.filter(
            dedupe_key__startswith="followup:", dedupe_key__endswith=f":{step}"
        ).values_list("dedupe_key", flat=True)
    )
    reminded: list[FollowUp] = []
    owners: set[int] = set()
    with transaction.atomic():
        for followup in overdue.order_by("due_on", "id"):
            owner = followup.enterprise.owner
            if owner.pk in owners:
                continue
            owners.add(owner.pk)
            if (
                f"followup:{followup.pk}:{step}" in already
                or not channel_for(owner, template="followup_reminder")[1]
            ):
                continue
            followup.link_nonce = new_nonce()
            followup.link_expires_on = max(
                followup.link_expires_on, today + timedelta(days=settings.FOLLOWUP_LINK_DAYS)
            )
            followup.reminders_sent = max(followup.reminders_sent, 2)
            followup.save(update_fields=["link_nonce", "link_expires_on", "reminders_sent"])
            _remind(followup, step)
            reminded.append(followup)
        audit_record_many(
            actor=actor,
            action="update",
            changes_by_instance=[(f, {"link": "renewed", "reminder": step}) for f in reminded],
        )
    return len(reminded)


def followups_remind(*, today: date | None = None) -> int:
    """Reminders before and after the due date, once each (the outbox's dedupe key), while the link works."""
    today = today or timezone.localdate()
    before = timedelta(days=settings.FOLLOWUP_REMIND_BEFORE_DAYS)
    after = timedelta(days=settings.FOLLOWUP_REMIND_AFTER_DAYS)
    pending = FollowUp.objects.filter(
        status=FollowUp.Status.PENDING,
        link_expires_on__gte=today,
        due_on__lte=today + before,
        enterprise__owner__consent_withdrawn_at__isnull=True,
    ).select_related("enterprise__owner")
    queued = 0
    for followup in pending.filter(reminders_sent=0).iterator():
        queued += _remind(followup, "before")
    for followup in pending.filter(reminders_sent=1, due_on__lte=today - after).iterator():
        queued += _remind(followup, "after")
    return queued


def _remind(followup: FollowUp, step: str) -> int:
    person = followup.enterprise.owner
    with transaction.atomic():
        if step in ("before", "after"):
            FollowUp.objects.filter(pk=followup.pk).update(reminders_sent=followup.reminders_sent + 1)
        if not channel_for(person, template="followup_reminder")[1]:
            return 0
        notify_person(
            person=person, template="followup_reminder",
            context={
                "name": person.name, "enterprise": followup.enterprise.name, "months": followup.month_offset,
                "due": followup.due_on.isoformat(), "url": link_url(followup),
            },
            dedupe_key=f"followup:{followup.pk}:{step}", regency_code=followup.regency_code,
        )  # fmt: skip
    return 1
