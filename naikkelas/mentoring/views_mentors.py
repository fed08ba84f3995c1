"""Managing mentors: the regency/city admin registers them, changes capacity and sectors, and moves a
mentee to another mentor with a reason. The province sees every regency's mentors."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from naikkelas.accounts.access import require
from naikkelas.core.forms import add_service_errors
from naikkelas.mentoring import access, services
from naikkelas.mentoring.forms import MentorCreateForm, MentorEditForm, ReassignForm
from naikkelas.mentoring.models import Mentor


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
            mentor, password = services.mentor_account_create(
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
            services.mentor_update(
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
            services.reassign(
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
