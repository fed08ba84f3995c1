"""Mentoring pages about mentors: the overview for admins (mentors, loads, gaps), a mentor's mentees, a
mentor's profile and moving a mentee to another mentor."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from naikkelas.accounts.access import is_province_admin, require
from naikkelas.core.formats import whatsapp_link
from naikkelas.core.forms import add_service_errors
from naikkelas.mentoring import access, selectors
from naikkelas.mentoring.forms import MentorCreateForm, MentorEditForm, ReassignForm
from naikkelas.mentoring.models import Mentor
from naikkelas.mentoring.services import matching, mentors
from naikkelas.regions.models import Region


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require(access.can_see_overview(user))
    is_admin = access.can_match_graduates(user)
    if request.method == "POST":
        require(is_admin)
        report = matching.graduates_match(actor=user, regency_codes=access.regencies_administered_by(user))
        messages.success(request, _("%(count)s lulusan mendapat pendamping.") % {"count": report.assigned})
        if report.gaps:
            messages.warning(
                request,
                _(
                    "%(count)s lulusan belum mendapat pendamping karena tidak ada pendamping yang masih longgar."
                )
                % {"count": sum(report.gaps.values())},
            )
        return redirect("mentoring:overview")
    names = dict(Region.objects.filter(kind=Region.Kind.REGENCY).values_list("code", "name"))
    return render(
        request,
        "mentoring/overview.html",
        {
            "page": Paginator(selectors.mentors_with_load(user), 50).get_page(request.GET.get("page")),
            "gaps": [(names.get(code, code), count) for code, count in selectors.gaps(user)],
            "is_admin": is_admin,
            "can_register": access.offices_managing_mentors(user).exists(),
            "is_province_admin": is_province_admin(user),
            "consultations": selectors.consultation_counts(user),
            "followups": selectors.followup_counts(user),
        },
    )


@login_required
def my_mentees(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    assignments = (
        access.assignments_for_user(user)
        .filter(mentor__user=user, ended_at__isnull=True)
        .select_related("enterprise__owner", "enterprise__district")
        .order_by("enterprise__name")
    )
    page = Paginator(assignments, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "assignment": assignment,
            "whatsapp": whatsapp_link(assignment.enterprise.owner.phone)
            if assignment.enterprise.owner.phone
            else "",
        }
        for assignment in page
    ]
    return render(
        request,
        "mentoring/mine.html",
        {"page": page, "rows": rows, "counts": selectors.consultation_counts(user)},
    )


def _user(request: HttpRequest) -> Any:
    return request.user


@login_required
def mentor_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    offices = access.offices_managing_mentors(user).select_related("region")
    require(offices.exists())
    form = MentorCreateForm(request.POST or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mentor, password = mentors.mentor_account_create(
                actor=user, office=data["office"], username=data["username"], first_name=data["first_name"],
                last_name=data["last_name"], email=data["email"], sectors=data["sectors"], capacity=data["capacity"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Pendamping %(name)s terdaftar. Kata sandi sementara (sampaikan langsung, hanya tampil sekali): %(password)s"
                )
                % {"name": mentor, "password": password},
            )
            return redirect("mentoring:mentor", pk=mentor.pk)
    return render(request, "mentoring/mentor_form.html", {"form": form})


@login_required
def mentor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    mentor = access.get_mentor_for_user(user, pk, write=request.method == "POST")
    form = MentorEditForm(
        request.POST or None,
        initial={"sectors": mentor.sectors, "capacity": mentor.capacity, "active": mentor.active},
    )
    if request.method == "POST" and form.is_valid():
        try:
            mentors.mentor_update(
                actor=user, mentor=mentor, sectors=form.cleaned_data["sectors"],
                capacity=form.cleaned_data["capacity"], active=form.cleaned_data["active"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Data pendamping tersimpan."))
            return redirect("mentoring:mentor", pk=pk)
    can_write = access.offices_managing_mentors(user).filter(region_id=mentor.regency_code).exists()
    mentees = (
        mentor.assignments.filter(ended_at__isnull=True)
        .select_related("enterprise__owner")
        .order_by("enterprise__name")
    )
    return render(
        request,
        "mentoring/mentor_detail.html",
        {"mentor": mentor, "form": form, "can_write": can_write, "mentees": mentees},
    )


@login_required
def assignment_move(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    assignment = get_object_or_404(
        access.assignments_for_user(user)
        .filter(ended_at__isnull=True)
        .select_related("mentor__user", "enterprise"),
        pk=pk,
    )
    access.get_mentor_for_user(user, assignment.mentor_id, write=True)
    others = Mentor.objects.filter(regency_code=assignment.regency_code, active=True).exclude(
        pk=assignment.mentor_id
    )
    form = ReassignForm(request.POST or None, mentors=others.select_related("user"))
    if request.method == "POST" and form.is_valid():
        try:
            matching.reassign(
                actor=user,
                assignment=assignment,
                mentor=form.cleaned_data["mentor"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(enterprise)s kini didampingi %(mentor)s.")
                % {"enterprise": assignment.enterprise.name, "mentor": form.cleaned_data["mentor"]},
            )
            return redirect("mentoring:mentor", pk=assignment.mentor_id)
    return render(request, "mentoring/assignment_move.html", {"assignment": assignment, "form": form})
