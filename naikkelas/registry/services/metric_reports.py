"""Writes of metric reports (an enterprise's omzet, aset and workers for one month)."""

from datetime import date
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.audit import Changes, audit_record, model_update, snapshot
from naikkelas.core.cleaning import saved_relations
from naikkelas.registry import rules, validators
from naikkelas.registry.models import Enterprise, MetricReport
from naikkelas.registry.providers import report_frozen

METRIC_FIELDS = ("period", "omzet", "aset", "workers", "source", "note")


class MetricFields(TypedDict, total=False):
    """A month's figures (METRIC_FIELDS): turnover (omzet) per month and assets (aset) in whole rupiah."""

    period: date
    omzet: int
    aset: int
    workers: int
    source: str
    note: str


def _check_metric(report: MetricReport) -> None:
    """The metric report's validator (registry/validators.py); stores the month as its first day."""
    found = validators.check_metric_report(
        period=validators.typed(report.period, date),
        omzet=validators.typed(report.omzet, int),
        aset=validators.typed(report.aset, int),
        workers=validators.typed(report.workers, int),
        today=timezone.localdate(),
    )
    if found.period is not None:
        report.period = found.period
    found.raise_errors(
        given={"period": report.period, "omzet": report.omzet, "aset": report.aset, "workers": report.workers}
    )


def _refresh_size_class(enterprise: Enterprise) -> None:
    latest = enterprise.reports.order_by("-period", "-id").first()
    size = rules.size_class_for_monthly_omzet(latest.omzet if latest else None)
    if size != enterprise.size_class:
        enterprise.size_class = size
        enterprise.save(update_fields=["size_class", "updated_at"])


def metric_report_create(
    *, actor: User | None, enterprise: Enterprise, **fields: Unpack[MetricFields]
) -> MetricReport:
    """Record an enterprise's figures for one month; the size class follows the latest month."""
    for name in fields:
        if name not in METRIC_FIELDS:
            raise ValueError(f"unknown metric field {name}")
    report = MetricReport(
        enterprise=enterprise, reported_by=actor if actor and actor.is_authenticated else None, **fields
    )
    _check_metric(report)
    report.full_clean(exclude=saved_relations(report), validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
            _refresh_size_class(enterprise)
            audit_record(actor=actor, action="create", instance=report, changes=snapshot(report))
    except IntegrityError:
        raise _same_month_refusal() from None
    return report


def _same_month_refusal() -> ValidationError:
    """The service's own answer to the one-report-per-month-and-source constraint (pages and API alike)."""
    return ValidationError({"period": [_("Sudah ada laporan dari sumber ini untuk bulan tersebut.")]})


def frozen_message() -> str:
    return _("Angka awal pendaftaran ini sudah dipakai dalam seleksi, jadi tidak dapat diubah atau dihapus.")


def metric_report_update(
    *, actor: User | None, report: MetricReport, **fields: Unpack[MetricFields]
) -> MetricReport:
    """Correct a month's figures; only the fields given change. A frozen baseline (registry.providers.frozen_reports)
    is refused whatever the caller, leaving the report as it was."""
    original = {name: getattr(report, name) for name in METRIC_FIELDS}

    def guard(_changes: Changes) -> None:
        if report_frozen(report):
            raise ValidationError(frozen_message())

    try:
        with transaction.atomic():
            changes = model_update(
                actor=actor, instance=report, data=fields, editable=METRIC_FIELDS,
                check=lambda _pending: _check_metric(report), guard=guard, validate_constraints=False,
            )  # fmt: skip
            if changes:
                _refresh_size_class(report.enterprise)
    except (ValidationError, IntegrityError) as error:
        for name, value in original.items():
            setattr(report, name, value)
        if isinstance(error, IntegrityError):
            raise _same_month_refusal() from None
        raise
    return report


def metric_report_delete(*, actor: User | None, report: MetricReport) -> None:
    """Remove a month's figures that were entered by mistake (never a frozen baseline)."""
    if report_frozen(report):
        raise ValidationError(frozen_message())
    enterprise = report.enterprise
    with transaction.atomic():
        audit_record(actor=actor, action="delete", instance=report, changes=snapshot(report))
        report.delete()
        _refresh_size_class(enterprise)
