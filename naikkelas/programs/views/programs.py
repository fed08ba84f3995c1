"""Organisers' pages for programs: the list, a new or copied program, its page, its settings and follow-up schedule."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from naikkelas.core.forms import add_service_errors
from naikkelas.programs import access, providers
from naikkelas.programs.forms import (
    FollowUpSettingsForm,
    ProgramEditForm,
    ProgramForm,
)
from naikkelas.programs.services import programs


def _user(request: HttpRequest) -> Any:
    return request.user


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    programs = access.programs_for_user(user).prefetch_related("levels")
    managed = set(access.organisations_managed_by(user).values_list("pk", flat=True))
    return render(
        request,
        "programs/program_list.html",
        {"programs": programs, "managed": managed, "can_create": access.program_owners_for(user).exists()},
    )


@login_required
def program_create(request: HttpRequest) -> HttpResponse:
    """A province admin starts a year: a new program, empty or copied from an earlier one."""
    user = _user(request)
    access.require_program_owner(user)
    owners = access.program_owners_for(user)
    visible = access.programs_for_user(user)
    initial: dict[str, Any] = {}
    latest = visible.order_by("-year", "-pk").first()
    if latest is not None:
        initial = {"copy_from": latest.pk, "year": latest.year + 1}
    if request.GET.get("copy_from", "").isdigit():
        initial["copy_from"] = int(request.GET["copy_from"])
    form = ProgramForm(request.POST or None, programs=visible, owners=owners, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["copy_from"] is not None:
                program = programs.program_copy(
                    actor=user, source=data["copy_from"], year=data["year"], owner=data["owner"],
                    name=data["name"],
                )  # fmt: skip
            else:
                program = programs.program_create(
                    actor=user, name=data["name"], year=data["year"], owner=data["owner"]
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if data["copy_from"] is not None:
                messages.success(
                    request,
                    _("Program %(program)s dibuat dari salinan %(source)s, dengan %(count)s jenjang.")
                    % {"program": program, "source": data["copy_from"], "count": program.levels.count()},
                )
            else:
                messages.success(request, _("Program %(program)s dibuat.") % {"program": program})
            return redirect("programs:program_detail", pk=program.pk)
    return render(request, "programs/program_form.html", {"form": form})


@login_required
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    program = access.get_program_for_user(user, pk)
    levels = list(program.levels.order_by("rank", "version"))
    used = providers.applications_by_level([level.pk for level in levels])
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "levels": [(level, used[level.pk]) for level in levels],
            "manage": access.can_manage(user, program.owner),
            "copies": program.copies.order_by("year"),
        },
    )


@login_required
def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner's admin renames the program, or closes it for new batches when its year is over."""
    user = _user(request)
    program = access.get_program_for_user(user, pk, write=True)
    form = ProgramEditForm(request.POST or None, initial={"name": program.name, "status": program.status})
    if request.method == "POST" and form.is_valid():
        program.refresh_from_db()
        try:
            programs.program_update(actor=user, program=program, **form.cleaned_data)
        except ValidationError as error:
            program.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("Program %(program)s tersimpan.") % {"program": program})
            return redirect("programs:program_detail", pk=program.pk)
    return render(request, "programs/program_edit.html", {"form": form, "program": program})


@login_required
def program_followups(request: HttpRequest, pk: int) -> HttpResponse:
    """The program owner's admin sets the follow-up schedule and the jump that asks for confirmation."""
    user = _user(request)
    program = access.get_program_for_user(user, pk, write=True)
    initial = {
        "months": ", ".join(str(m) for m in program.followup_schedule),
        "jump_factor": program.followup_jump_factor,
    }
    form = FollowUpSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            programs.program_followup_update(
                actor=user, program=program, months=form.cleaned_data["months"],
                jump_factor=form.cleaned_data["jump_factor"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Jadwal tindak lanjut tersimpan."))
            return redirect("programs:program_detail", pk=program.pk)
    return render(request, "programs/program_followups.html", {"form": form, "program": program})
