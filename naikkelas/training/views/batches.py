"""A batch's training page (roster, schedule, trainers) and editing one of its sessions."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from naikkelas.accounts.access import require
from naikkelas.accounts.models import Membership, User
from naikkelas.core.forms import add_service_errors
from naikkelas.programs.access import batches_for_user, can_manage, require_manage
from naikkelas.training import access
from naikkelas.training.forms import SessionForm
from naikkelas.training.models import Session
from naikkelas.training.services import assignments, schedule
from naikkelas.training.services.enrolments import enrolments_create


def _user(request: HttpRequest) -> Any:
    return request.user


def _int(value: str | None) -> int:
    """A posted id, or 0 (matches nothing) when it is not a number."""
    return int(value) if value and value.isdigit() else 0


@login_required
def batch_training(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    batch = access.get_training_batch_for_user(user, pk)
    manage = can_manage(user, batch.organiser)
    if request.method == "POST":
        require(manage)
        try:
            if "enrol" in request.POST:
                count = enrolments_create(actor=user, batch=batch)
                messages.success(request, _("%(count)s peserta masuk daftar.") % {"count": count})
            elif "assignments" in request.POST:
                count = assignments.assignments_create_default(actor=user, batch=batch)
                messages.success(request, _("%(count)s tugas dibuat.") % {"count": count})
            elif "schedule" in request.POST:
                count = schedule.schedule_create(actor=user, batch=batch)
                messages.success(request, _("%(count)s sesi dijadwalkan.") % {"count": count})
            elif "trainer" in request.POST:
                trainer = _trainer_candidates(batch).filter(pk=_int(request.POST.get("trainer"))).first()
                if trainer is None:
                    raise ValidationError(_("Pilih pelatih dari organisasi penyelenggara."))
                schedule.trainer_assign(actor=user, batch=batch, user=trainer)
                messages.success(request, _("Pelatih ditambahkan."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("training:batch", pk=batch.pk)
    enrolments = (
        access.enrolments_for_user(user)
        .filter(batch=batch)
        .select_related("application__enterprise", "application__person")
        .order_by("application__enterprise__name")
    )
    return render(
        request,
        "training/batch.html",
        {
            "batch": batch,
            "enrolments": enrolments,
            "sessions": batch.sessions.select_related("trainer"),
            "days": schedule.batch_days(batch),
            "trainers": batch.trainers.select_related("user"),
            "candidates": _trainer_candidates(batch) if manage else [],
            "manage": manage,
            "can_mark": access.can_mark(user, batch),
            "has_assignments": batch.assignments.exists(),
            "whole_roster": access.sees_every_participant(user, batch),
            "in_selection": batches_for_user(user).filter(pk=batch.pk).exists(),
        },
    )


def _trainer_candidates(batch: Any) -> Any:
    return User.objects.filter(
        memberships__organisation=batch.organiser, memberships__role=Membership.Role.TRAINER
    ).distinct()


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's admin edits one session of a batch's schedule."""
    user = _user(request)
    session = Session.objects.select_related("batch__organiser").filter(pk=pk).first()
    if session is None:
        raise Http404
    batch = access.get_training_batch_for_user(user, session.batch_id)
    require_manage(user, batch.organiser)
    trainers = User.objects.filter(trainer_batches__batch=batch)
    form = SessionForm(request.POST or None, instance=session, trainers=trainers)
    if request.method == "POST" and form.is_valid():
        session.refresh_from_db()
        try:
            schedule.session_update(actor=user, session=session, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sesi tersimpan."))
            return redirect("training:batch", pk=batch.pk)
    return render(request, "training/session_form.html", {"form": form, "batch": batch})
