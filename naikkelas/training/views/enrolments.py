"""The participant's own training (my batch, today's sessions, my tasks; a trainer's batches) and a
participant leaving a batch."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naikkelas.programs.access import require_manage
from naikkelas.training import access
from naikkelas.training.models import Attendance
from naikkelas.training.services import enrolments


def _user(request: HttpRequest) -> Any:
    return request.user


@login_required
def my_training(request: HttpRequest) -> HttpResponse:
    """The participant's phone view: my batch and today's sessions; a trainer's: the batches he trains."""
    user = _user(request)
    enrolments = (
        access.own_enrolments(user)
        .select_related("batch__level__program", "batch__organiser", "certificate")
        .order_by("-batch__start_date")
    )
    today = timezone.localdate()
    current = enrolments.first()
    sessions = current.batch.sessions.filter(date=today) if current else []
    attended = (
        Attendance.objects.filter(enrolment=current, present=True).count() if current is not None else 0
    )
    tasks = []
    if current is not None:
        mine = {s.assignment_id: s for s in current.submissions.all()}
        tasks = [
            {"assignment": a, "submission": mine.get(a.pk)}
            for a in current.batch.assignments.order_by("due_on", "id")
        ]
    return render(
        request,
        "training/mine.html",
        {
            "enrolments": enrolments,
            "current": current,
            "today_sessions": sessions,
            "today": today,
            "attended": attended,
            "tasks": tasks,
            "certificate": getattr(current, "certificate", None) if current is not None else None,
            "trained": access.trained_batches_for_user(user)
            .select_related("level__program")
            .order_by("-start_date", "title"),
        },
    )


@require_POST
@login_required
def enrolment_drop(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    enrolment = access.enrolments_for_user(user).select_related("batch__organiser").filter(pk=pk).first()
    if enrolment is None:
        raise Http404
    require_manage(user, enrolment.batch.organiser)
    try:
        newcomer = enrolments.enrolment_drop(
            actor=user, enrolment=enrolment, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Peserta keluar dari angkatan."))
        if newcomer is not None:
            messages.info(
                request,
                _("%(name)s masuk dari daftar tunggu.") % {"name": newcomer.application.enterprise.name},
            )
    return redirect("training:batch", pk=enrolment.batch_id)
