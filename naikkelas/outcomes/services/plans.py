"""The analysis plan of a program (issue 16, point 3): set before the first follow-up is due; any change
afterwards is kept with the plan, marked as made after data arrived, and shown wherever the plan is."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record
from naikkelas.mentoring.models import FollowUp
from naikkelas.outcomes.models import AnalysisPlan
from naikkelas.programs.models import Program

FIELDS = ("primary_outcome", "design", "window_from", "window_to", "winsor_percent", "subgroups", "min_group")


def data_arrived(program: Program, today: date) -> bool:
    """Whether a follow-up of the program has fallen due or been answered: the plan should be fixed by then."""
    followups = FollowUp.objects.filter(program=program)
    return (
        followups.filter(due_on__lte=today).exists()
        or followups.filter(status=FollowUp.Status.REPORTED).exists()
    )


def _check(values: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if values["primary_outcome"] not in AnalysisPlan.Outcome.values:
        errors["primary_outcome"] = [_("Pilih omzet, aset atau tenaga kerja.")]
    if values["design"] not in AnalysisPlan.Design.values:
        errors["design"] = [_("Pilih cara perbandingan yang dikenal.")]
    if not 0 <= values["window_from"] <= 60 or not 1 <= values["window_to"] <= 60:
        errors["window_from"] = [_("Bulan tindak lanjut antara 0 dan 60.")]
    elif values["window_to"] < values["window_from"]:
        errors["window_to"] = [_("Bulan akhir harus sama dengan atau sesudah bulan awal.")]
    if not 0 <= values["winsor_percent"] <= 10:
        errors["winsor_percent"] = [_("Potongan nilai ekstrem antara 0 dan 10 persen.")]
    if not 10 <= values["min_group"] <= 1000:
        errors["min_group"] = [_("Ukuran kelompok terkecil antara 10 dan 1.000 usaha.")]
    subgroups = values["subgroups"]
    if not isinstance(subgroups, list) or any(s not in AnalysisPlan.Subgroup.values for s in subgroups):
        errors["subgroups"] = [_("Kelompok bagian: sektor, kabupaten/kota atau skala usaha.")]
    if errors:
        raise ValidationError(errors)


def analysis_plan_set(*, actor: User | None, program: Program, primary_outcome: str, design: str, window_from: int,
                      window_to: int, winsor_percent: int, subgroups: list[str], min_group: int,
                      today: date | None = None) -> AnalysisPlan:  # fmt: skip
    """Fix or change the program's analysis plan. A change after the first follow-up fell due is kept,
    field by field (old and new), with who made it and when, and marked as made after data arrived."""
    values: dict[str, Any] = {
        "primary_outcome": primary_outcome, "design": design, "window_from": window_from, "window_to": window_to,
        "winsor_percent": winsor_percent, "subgroups": sorted(set(subgroups)), "min_group": min_group,
    }  # fmt: skip
    _check(values)
    now = timezone.now()
    late = data_arrived(program, today or timezone.localdate())
    with transaction.atomic():
        plan = AnalysisPlan.objects.select_for_update().filter(program=program).first()
        if plan is None:
            plan = AnalysisPlan.objects.create(program=program, fixed_at=now, fixed_after_data=late, **values)
            audit_record(actor=actor, action="create", instance=plan, changes={**values, "after_data": late})
            return plan
        changed = {
            name: [getattr(plan, name), value]
            for name, value in values.items()
            if getattr(plan, name) != value
        }
        if not changed:
            return plan
        for name, (_old, new) in changed.items():
            setattr(plan, name, new)
        plan.changes = [*plan.changes, {"at": now.isoformat(), "by": str(actor) if actor else "", "after_data": late,
                                        "fields": changed}]  # fmt: skip
        plan.save()
        audit_record(actor=actor, action="update", instance=plan, changes={**changed, "after_data": late})
    return plan
