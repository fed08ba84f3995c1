"""Writes of shared reference data: the cuti bersama days that working-day deadlines skip."""

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from naikkelas.core.audit import audit_record
from naikkelas.core.models import CollectiveLeaveDay
from naikkelas.core.workdays import national_holidays

if TYPE_CHECKING:  # core imports no app above it; the type is only for mypy
    from naikkelas.accounts.models import User


def collective_leave_add(*, actor: "User", day: date, name: str) -> CollectiveLeaveDay:
    """Add a day off the holidays package does not know (a later decree); weekends, national holidays and
    decreed cuti bersama are already off and are refused."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Tuliskan keterangannya, misalnya Cuti bersama Idul Fitri.")]})
    if day.weekday() >= 5:
        raise ValidationError({"day": [_("Tanggal itu hari Sabtu atau Minggu; sudah libur.")]})
    if day in national_holidays(range(day.year, day.year + 1)):
        raise ValidationError(
            {
                "day": [
                    _("Tanggal itu sudah hari libur nasional atau cuti bersama yang ditetapkan pemerintah.")
                ]
            }
        )
    if CollectiveLeaveDay.objects.filter(date=day).exists():
        raise ValidationError({"day": [_("Tanggal itu sudah tercatat sebagai cuti bersama.")]})
    with transaction.atomic():
        leave = CollectiveLeaveDay.objects.create(date=day, name=name)
        audit_record(
            actor=actor, action="create", instance=leave, changes={"date": day.isoformat(), "name": name}
        )
    return leave


def collective_leave_delete(*, actor: "User", leave: CollectiveLeaveDay) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action="delete", instance=leave, changes={"date": leave.date.isoformat()})
        leave.delete()
