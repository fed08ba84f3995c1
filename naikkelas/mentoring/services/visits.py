"""Visits: a mentor plans a visit, call or online meeting and logs it from a phone — topics, problems,
action items with due dates and, optionally, the figures collected (a metric report with source
"mentor visit", which also answers a follow-up due around then)."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record
from naikkelas.core.dates import first_of_month
from naikkelas.core.uploads import CheckedFile, UploadError, check_photo
from naikkelas.mentoring.models import Mentor, MentorAssignment, Visit
from naikkelas.mentoring.services.followups import followup_attach_visit_report
from naikkelas.regions.codes import region_codes
from naikkelas.registry.models import Enterprise, MetricReport
from naikkelas.registry.services import metric_reports


def _clean_actions(actions: list[dict[str, Any]], visit_date: date) -> list[dict[str, str]]:
    cleaned = []
    for number, item in enumerate(actions, start=1):
        text = str(item.get("text") or "").strip()
        due = item.get("due")
        if not text and not due:
            continue
        if not text:
            raise ValidationError(
                {"actions": [_("Tindak lanjut %(n)s: tuliskan apa yang harus dilakukan.") % {"n": number}]}
            )
        if isinstance(due, str):
            try:
                due = date.fromisoformat(due)
            except ValueError:
                raise ValidationError(
                    {"actions": [_("Tindak lanjut %(n)s: tanggal tidak dikenal.") % {"n": number}]}
                ) from None
        if not isinstance(due, date):
            raise ValidationError(
                {"actions": [_("Tindak lanjut %(n)s: isi batas waktunya.") % {"n": number}]}
            )
        if due < visit_date:
            raise ValidationError(
                {
                    "actions": [
                        _("Tindak lanjut %(n)s: batas waktu tidak boleh sebelum kunjungan.") % {"n": number}
                    ]
                }
            )
        cleaned.append({"text": text, "due": due.isoformat()})
    return cleaned


def _figures_report(
    *, actor: User, enterprise: Enterprise, visit_date: date, figures: dict[str, int | None]
) -> MetricReport | None:
    omzet, aset, workers = (figures.get(name) for name in ("omzet", "aset", "workers"))
    if omzet is None and aset is None and workers is None:
        return None
    if omzet is None or aset is None or workers is None:
        raise ValidationError(
            {"omzet": [_("Isi ketiga angka (omzet, aset, tenaga kerja) atau kosongkan semuanya.")]}
        )
    period = first_of_month(first_of_month(visit_date) - timedelta(days=1))
    existing = MetricReport.objects.filter(
        enterprise=enterprise, period=period, source=MetricReport.Source.MENTOR_VISIT
    ).first()
    if existing is not None:
        return metric_reports.metric_report_update(
            actor=actor, report=existing, omzet=omzet, aset=aset, workers=workers
        )
    return metric_reports.metric_report_create(
        actor=actor, enterprise=enterprise, period=period, source=MetricReport.Source.MENTOR_VISIT,
        note=_("Kunjungan pendamping"), omzet=omzet, aset=aset, workers=workers,
    )  # fmt: skip


def _checked_photo(photo: UploadedFile | None, *, planned: bool) -> CheckedFile | None:
    """The visit's photo checked by its content (a photo, within the size) and re-encoded; a plan has none."""
    if photo is None:
        return None
    if planned:
        raise ValidationError(
            {"photo": [_("Foto hanya untuk kunjungan yang sudah dilakukan, bukan rencana.")]}
        )
    try:
        return check_photo(photo, photo.name or _("foto"))
    except UploadError as error:
        raise ValidationError({"photo": [str(error)]}) from None


def visit_log(
    *,
    actor: User,
    mentor: Mentor,
    enterprise: Enterprise,
    visit_date: date,
    mode: str,
    topics: str = "",
    problems: str = "",
    actions: list[dict[str, Any]] | None = None,
    figures: dict[str, int | None] | None = None,
    planned: bool = False,
    visit: Visit | None = None,
    photo: UploadedFile | None = None,
) -> Visit:
    """Plan a visit (a future date) or log one done (a past or today's date), with a photo if she took
    one; logging a planned visit completes it."""
    today = timezone.localdate()
    if visit is not None and (visit.mentor_id != mentor.pk or visit.enterprise_id != enterprise.pk):
        raise ValidationError(_("Rencana kunjungan ini milik dampingan lain."))
    if not MentorAssignment.objects.filter(
        mentor=mentor, enterprise=enterprise, ended_at__isnull=True
    ).exists():
        raise ValidationError(_("%(name)s bukan dampingan Anda.") % {"name": enterprise.name})
    if mode not in Visit.Mode.values:
        raise ValidationError({"mode": [_("Pilih cara pertemuan.")]})
    if planned and visit_date < today:
        raise ValidationError({"visit_date": [_("Rencana kunjungan harus hari ini atau sesudahnya.")]})
    if not planned and visit_date > today:
        raise ValidationError(
            {"visit_date": [_("Kunjungan yang sudah dilakukan tidak boleh bertanggal di masa depan.")]}
        )
    cleaned_actions = _clean_actions(actions or [], visit_date)
    checked = _checked_photo(photo, planned=planned)
    with transaction.atomic():
        report = (
            None
            if planned
            else _figures_report(
                actor=actor, enterprise=enterprise, visit_date=visit_date, figures=figures or {}
            )
        )
        if visit is None:
            visit = Visit(mentor=mentor, enterprise=enterprise, **region_codes(enterprise))
        if visit.pk is not None and visit.status != Visit.Status.PLANNED:
            raise ValidationError(_("Kunjungan ini sudah tercatat."))
        visit.status = Visit.Status.PLANNED if planned else Visit.Status.DONE
        if planned:
            visit.planned_on = visit_date
        visit.date, visit.mode, visit.topics, visit.problems = (
            visit_date,
            mode,
            topics.strip(),
            problems.strip(),
        )
        visit.actions, visit.report = cleaned_actions, report or visit.report
        if checked is not None:
            visit.photo.save(f"kunjungan.{checked.extension}", ContentFile(checked.content), save=False)
        visit.full_clean()
        visit.save()
        audit_record(
            actor=actor,
            action="create",
            instance=visit,
            changes={"status": visit.status, "date": visit_date.isoformat(), "photo": bool(checked)},
        )
        if report is not None:
            followup_attach_visit_report(actor=actor, report=report)
    return visit
