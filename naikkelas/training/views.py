"""Training pages: a batch's roster and schedule, attendance from a phone, and the participant's view."""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naikkelas.accounts.access import require
from naikkelas.accounts.models import Membership, User
from naikkelas.core.forms import add_service_errors, reason_language
from naikkelas.core.idempotency import flag_stale_edit, idempotent, version_of
from naikkelas.programs.access import batches_for_user, can_manage, require_manage
from naikkelas.training import access, assignments, services
from naikkelas.training.models import Attendance, Enrolment, Session


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
                count = services.enrolments_create(actor=user, batch=batch)
                messages.success(request, _("%(count)s peserta masuk daftar.") % {"count": count})
            elif "assignments" in request.POST:
                count = assignments.assignments_create_default(actor=user, batch=batch)
                messages.success(request, _("%(count)s tugas dibuat.") % {"count": count})
            elif "schedule" in request.POST:
                count = services.schedule_create(actor=user, batch=batch)
                messages.success(request, _("%(count)s sesi dijadwalkan.") % {"count": count})
            elif "trainer" in request.POST:
                trainer = _trainer_candidates(batch).filter(pk=_int(request.POST.get("trainer"))).first()
                if trainer is None:
                    raise ValidationError(_("Pilih pelatih dari organisasi penyelenggara."))
                services.trainer_assign(actor=user, batch=batch, user=trainer)
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
            "days": services.batch_days(batch),
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


def _attendance_rows(user: User, batch: Any, day: date, query: str = "") -> list[dict[str, Any]]:
    marks: dict[int, bool] = {}
    versions: dict[int, Any] = {}
    for enrolment_id, present, marked_at in (
        access.attendance_for_user(user)
        .filter(enrolment__batch=batch, date=day)
        .values_list("enrolment_id", "present", "marked_at")
    ):
        marks[enrolment_id], versions[enrolment_id] = present, marked_at
    enrolments = (
        access.enrolments_for_user(user)
        .filter(batch=batch, status=Enrolment.Status.ACTIVE)
        .select_related("application__enterprise", "application__person")
        .order_by("application__person__name", "id")
    )
    if query:
        enrolments = enrolments.filter(
            Q(application__person__name__icontains=query) | Q(application__enterprise__name__icontains=query)
        )
    return [
        {"enrolment": e, "present": marks.get(e.pk), "version": version_of(versions.get(e.pk))}
        for e in enrolments
    ]


def _present_count(user: User, batch: Any, day: date) -> int:
    return (
        access.attendance_for_user(user)
        .filter(enrolment__batch=batch, enrolment__status=Enrolment.Status.ACTIVE, date=day, present=True)
        .count()
    )


@login_required
@idempotent
def attendance_day(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    """One tap per person: the roster for a day, 'all present' (asked first), then the exceptions. With
    htmx a tap swaps only that row (the page keeps its place); without JS the page reloads at the row."""
    user = _user(request)
    batch = access.get_training_batch_for_user(user, pk, write=True)
    try:
        the_day = date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    if the_day not in services.batch_days(batch):
        raise Http404
    query = request.GET.get("q", "").strip()[:100]
    here = reverse("training:attendance", args=[batch.pk, the_day.isoformat()])
    if query:
        here += "?" + urlencode({"q": query})
    locked = services.attendance_locked(batch)
    partial = request.headers.get("HX-Request") == "true"
    if request.method == "POST":
        if "all" in request.POST:
            try:
                count = services.attendance_all_present(actor=user, batch=batch, day=the_day)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("%(count)s peserta ditandai hadir.") % {"count": count})
            return redirect(here)
        enrolment = (
            access.enrolments_for_user(user)
            .filter(batch=batch, pk=_int(request.POST.get("enrolment")))
            .select_related("application__enterprise", "application__person")
            .first()
        )
        if enrolment is None:
            raise Http404
        present = request.POST.get("present") == "1"
        error_text = ""
        earlier = enrolment.attendance.filter(date=the_day).first()
        # An edit made offline against an older mark is kept for the supervisor, not applied over the newer one.
        stale = flag_stale_edit(
            request, actor=user, instance=earlier, current=version_of(earlier and earlier.marked_at),
            area=enrolment.application.enterprise, object_type="training.attendance",
            object_repr=f"{enrolment} {the_day.isoformat()}", summary=_("hadir") if present else _("tidak hadir"),
        )  # fmt: skip
        try:
            if not stale:
                services.attendance_mark(
                    actor=user,
                    enrolment=enrolment,
                    day=the_day,
                    present=present,
                    reason=request.POST.get("reason", ""),
                )
        except ValidationError as error:
            error_text = " ".join(error.messages)
        if partial:
            mark = access.attendance_for_user(user).filter(enrolment=enrolment, date=the_day).first()
            return render(
                request,
                "training/attendance.html#row",
                {
                    "batch": batch,
                    "day": the_day,
                    "action": here,
                    "locked": locked,
                    "row": {
                        "enrolment": enrolment,
                        "present": mark.present if mark else None,
                        "version": version_of(mark and mark.marked_at),
                    },
                    "saved": not error_text,
                    "row_error": error_text,
                    "present": _present_count(user, batch, the_day),
                    "total": access.enrolments_for_user(user)
                    .filter(batch=batch, status=Enrolment.Status.ACTIVE)
                    .count(),
                    "oob": True,
                },
            )
        if error_text:
            messages.error(request, error_text)
        else:
            messages.success(
                request,
                _("Tersimpan: %(name)s %(state)s.")
                % {
                    "name": enrolment.application.person.name,
                    "state": _("hadir") if present else _("tidak hadir"),
                },
            )
        return redirect(f"{here}#row-{enrolment.pk}")
    rows = _attendance_rows(user, batch, the_day, query)
    total = access.enrolments_for_user(user).filter(batch=batch, status=Enrolment.Status.ACTIVE).count()
    unmarked = (
        total
        - access.attendance_for_user(user)
        .filter(enrolment__batch=batch, enrolment__status=Enrolment.Status.ACTIVE, date=the_day)
        .count()
    )
    return render(
        request,
        "training/attendance.html",
        {
            "batch": batch,
            "day": the_day,
            "rows": rows,
            "query": query,
            "action": here,
            "locked": locked,
            "present": _present_count(user, batch, the_day),
            "total": total,
            "unmarked": unmarked,
            "confirm_all": request.GET.get("semua") == "1" and not locked,
        },
    )


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
        newcomer = services.enrolment_drop(
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


@login_required
def batch_graduation(request: HttpRequest, pk: int) -> HttpResponse:
    """The level's criteria evaluated for every participant, with reasons; the organiser confirms."""
    user = _user(request)
    batch = access.get_training_batch_for_user(user, pk, write=True)
    if request.method == "POST":
        require_manage(user, batch.organiser)
        count = services.graduation_confirm(actor=user, batch=batch)
        messages.success(request, _("Kelulusan dikonfirmasi: %(count)s lulus.") % {"count": count})
        return redirect("training:graduation", pk=batch.pk)
    language = reason_language()
    rows = [
        {
            "enrolment": enrolment,
            "ok": all(c.passed for c in criteria),
            "reasons": [c.reason(language) for c in criteria],
        }
        for enrolment, criteria in services.graduation_preview(batch=batch)
    ]
    return render(
        request,
        "training/graduation.html",
        {
            "batch": batch,
            "rows": rows,
            "passing": sum(r["ok"] for r in rows),
            "manage": can_manage(user, batch.organiser),
        },
    )


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["date", "start_time", "end_time", "topic", "trainer"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, trainers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        trainer_field: Any = self.fields["trainer"]
        trainer_field.queryset = trainers


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
            services.session_update(actor=user, session=session, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sesi tersimpan."))
            return redirect("training:batch", pk=batch.pk)
    return render(request, "training/session_form.html", {"form": form, "batch": batch})
