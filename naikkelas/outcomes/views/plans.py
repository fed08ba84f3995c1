"""The analysis plan of each program: read by staff who see the program, fixed or changed by the admins
of its owner (the change history is always shown)."""

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.access import require
from naikkelas.core.formats import long_date
from naikkelas.outcomes import access
from naikkelas.outcomes.forms import AnalysisPlanForm
from naikkelas.outcomes.models import AnalysisPlan
from naikkelas.outcomes.services import plans

CHOICES = {"primary_outcome": AnalysisPlan.Outcome, "design": AnalysisPlan.Design}


def shown(name: str, value: Any) -> str:
    """A plan value for a person: choice labels, not codes."""
    if name in CHOICES:
        return str(dict(CHOICES[name].choices).get(value, value))
    if name == "subgroups":
        labels = dict(AnalysisPlan.Subgroup.choices)
        return ", ".join(str(labels.get(v, v)) for v in value) or "–"
    return str(value)


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(request, "outcomes/plans.html", {"programs": access.plan_programs_for_user(user)})


@login_required
def plan_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    user: Any = request.user
    program = access.get_plan_program_for_user(user, program_id)
    plan = AnalysisPlan.objects.filter(program=program).first()
    can_edit = access.can_edit_plan(user, program)
    initial = {name: getattr(plan, name) for name in plans.FIELDS} if plan else None
    form = AnalysisPlanForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require(can_edit)
        if form.is_valid():
            try:
                plans.analysis_plan_set(actor=user, program=program, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Rencana analisis tersimpan."))
                return redirect("outcomes:plan", program_id=program.pk)
    labels = {
        "primary_outcome": _("Ukuran utama"), "design": _("Cara perbandingan"), "window_from": _("Tindak lanjut dari bulan ke-"),
        "window_to": _("sampai bulan ke-"), "winsor_percent": _("Potong nilai ekstrem"), "subgroups": _("Kelompok bagian"),
        "min_group": _("Ukuran kelompok terkecil"),
    }  # fmt: skip
    history = [
        {
            **change,
            "when": long_date(datetime.fromisoformat(change["at"]).date()),
            "rows": [
                (labels.get(name, name), shown(name, old), shown(name, new))
                for name, (old, new) in change["fields"].items()
            ],
        }
        for change in reversed(plan.changes if plan else [])
    ]
    return render(request, "outcomes/plan.html", {
        "program": program, "plan": plan, "form": form, "can_edit": can_edit, "history": history,
        "late": plan is None and plans.data_arrived(program, timezone.localdate()),
    })  # fmt: skip
