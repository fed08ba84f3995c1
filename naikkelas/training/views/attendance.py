"""Attendance from a phone: a session day's list, marking one participant or everyone present."""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.idempotency import flag_stale_edit, idempotent, version_of
from naikkelas.training import access
from naikkelas.training.models import Enrolment
from naikkelas.training.services import attendance, schedule


def _user(request: HttpRequest) -> Any:
    return request.user


def _int(value: str | None) -> int:
    """A posted id, or 0 (matches nothing) when it is not a number."""
    return int(value) if value and value.isdigit() else 0


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
    if the_day not in schedule.batch_days(batch):
        raise Http404
    query = request.GET.get("q", "").strip()[:100]
    here = reverse("training:attendance", args=[batch.pk, the_day.isoformat()])
    if query:
        here += "?" + urlencode({"q": query})
    locked = attendance.attendance_locked(batch)
    partial = request.headers.get("HX-Request") == "true"
    if request.method == "POST":
        if "all" in request.POST:
            try:
                count = attendance.attendance_all_present(actor=user, batch=batch, day=the_day)
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
                attendance.attendance_mark(
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
