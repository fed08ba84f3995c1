"""Visit pages: the mentor's visit list, logging (or planning) a visit, and a visit's photo."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from naikkelas.accounts.access import require
from naikkelas.core.forms import add_service_errors
from naikkelas.core.idempotency import idempotent
from naikkelas.core.uploads import upload_response
from naikkelas.mentoring import access
from naikkelas.mentoring.forms import VisitForm
from naikkelas.mentoring.models import Visit
from naikkelas.mentoring.services import visits


def _user(request: HttpRequest) -> Any:
    return request.user


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    mentor = access.mentor_for_user(user)
    require(access.can_see_visits(user, mentor))
    queryset = access.visits_for_user(user).select_related("enterprise", "mentor__user", "report")
    return render(
        request,
        "mentoring/visit_list.html",
        {
            "page": Paginator(queryset.order_by("-date", "-id"), 25).get_page(request.GET.get("page")),
            "mentor": mentor,
        },
    )


@login_required
@idempotent
def visit_log(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    user = _user(request)
    mentor = access.require_mentor(user)
    enterprise = access.mentee_for_mentor(mentor, enterprise_id)
    plan = None
    if request.GET.get("rencana"):
        plan = get_object_or_404(
            Visit.objects.filter(mentor=mentor, enterprise=enterprise, status=Visit.Status.PLANNED),
            pk=request.GET["rencana"],
        )
    initial = {"mode": plan.mode, "topics": plan.topics} if plan else {}
    form = VisitForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            visit = visits.visit_log(
                actor=user,
                mentor=mentor,
                enterprise=enterprise,
                visit_date=form.cleaned_data["visit_date"],
                mode=form.cleaned_data["mode"],
                topics=form.cleaned_data["topics"],
                problems=form.cleaned_data["problems"],
                actions=form.actions(),
                figures=form.figures(),
                planned=form.cleaned_data["planned"],
                visit=plan,
                photo=form.cleaned_data.get("photo"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if visit.status == visit.Status.PLANNED:
                messages.success(request, _("Rencana kunjungan tersimpan."))
            else:
                messages.success(request, _("Kunjungan ke %(name)s tercatat.") % {"name": enterprise.name})
            return redirect("mentoring:visits")
    return render(request, "mentoring/visit_form.html", {"form": form, "enterprise": enterprise})


@login_required
def visit_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A visit's photo: for its mentor, the enterprise's owner and the region's staff (the door)."""
    visit = access.get_visit_for_user(_user(request), pk)
    if not visit.photo:
        raise Http404
    return upload_response(visit.photo, stem=f"kunjungan-{visit.pk}")
