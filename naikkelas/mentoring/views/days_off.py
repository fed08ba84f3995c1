"""Days off for working-day deadlines: the national holidays and decreed cuti bersama (read-only, from
the `holidays` package) and the extra days a province admin adds that the package does not know yet."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.access import is_province_admin, require, require_staff
from naikkelas.core import services
from naikkelas.core.forms import add_service_errors
from naikkelas.core.models import CollectiveLeaveDay
from naikkelas.core.workdays import national_holiday_names
from naikkelas.mentoring.forms import LeaveForm


@login_required
def days_off(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_staff(user)
    try:
        year = int(request.GET.get("tahun", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    can_edit = is_province_admin(user)
    form = LeaveForm(request.POST or None)
    if request.method == "POST":
        require(can_edit)
        if request.POST.get("action") == "delete":
            if request.POST.get("sure") != "1":
                messages.error(request, _("Centang konfirmasi untuk menghapus."))
            else:
                leave = get_object_or_404(CollectiveLeaveDay, pk=request.POST.get("pk"))
                services.collective_leave_delete(actor=user, leave=leave)
                messages.success(
                    request, _("Cuti bersama %(day)s dihapus.") % {"day": leave.date.isoformat()}
                )
            return redirect(f"{request.path}?tahun={year}")
        if form.is_valid():
            try:
                leave = services.collective_leave_add(
                    actor=user, day=form.cleaned_data["day"], name=form.cleaned_data["name"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Cuti bersama %(day)s tercatat.") % {"day": leave.date.isoformat()}
                )
                return redirect(f"{request.path}?tahun={leave.date.year}")
    national = national_holiday_names(range(year, year + 1))
    leave_days = CollectiveLeaveDay.objects.filter(date__year=year)
    return render(
        request,
        "mentoring/days_off.html",
        {"year": year, "national": national, "leave_days": leave_days, "form": form, "can_edit": can_edit,
         "years": (year - 1, year + 1)},
    )  # fmt: skip
