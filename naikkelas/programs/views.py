"""Pages for organisers: programs and their levels' thresholds, and opening batches."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from naikkelas.core.forms import add_service_errors
from naikkelas.programs import access, services
from naikkelas.programs.forms import BatchEditForm, BatchForm, FollowUpSettingsForm, LevelForm, QuotaForm
from naikkelas.programs.models import Level, Program


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    programs = access.programs_for_user(user).select_related("owner").prefetch_related("levels")
    managed = set(access.organisations_managed_by(user).values_list("pk", flat=True))
    return render(request, "programs/program_list.html", {"programs": programs, "managed": managed})


@login_required
def level_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The program owner's admin edits a level's thresholds; the change is audited."""
    user: Any = request.user
    level = get_object_or_404(Level.objects.select_related("program__owner"), pk=pk)
    if not access.can_manage(user, level.program.owner):
        raise PermissionDenied
    form = LevelForm(request.POST or None, instance=level)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        data["motivation_questions"] = form.cleaned_data["questions"]
        level.refresh_from_db()
        try:
            services.level_update(actor=user, level=level, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Jenjang tersimpan. Untuk angkatan yang belum diumumkan, tekan 'Nilai ulang syarat' di halaman angkatan."
                ),
            )
            return redirect("programs:program_list")
    return render(request, "programs/level_form.html", {"form": form, "level": level})


@login_required
def batch_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    organisers = access.organisations_managed_by(user)
    if not organisers.exists():
        raise PermissionDenied
    form = BatchForm(request.POST or None, organisers=organisers, levels=access.levels_for_user(user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            batch = services.batch_create(actor=user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Angkatan %(title)s dibuka.") % {"title": batch.title})
            return redirect("selection:batch_detail", pk=batch.pk)
    return render(request, "programs/batch_form.html", {"form": form})


@login_required
def batch_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's admin renames a batch or moves its venue; dates and capacity until publication."""
    user: Any = request.user
    batch = access.get_batch_for_user(user, pk, write=True)
    form = BatchEditForm(request.POST or None, batch=batch)
    if request.method == "POST" and form.is_valid():
        try:
            services.batch_update(actor=user, batch=batch, **form.cleaned_data)
        except ValidationError as error:
            batch.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("Angkatan %(title)s tersimpan.") % {"title": batch.title})
            return redirect("selection:batch_detail", pk=batch.pk)
    return render(request, "programs/batch_edit.html", {"form": form, "batch": batch})


@login_required
def batch_quotas(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    batch = access.get_batch_for_user(user, pk, write=True)
    form = QuotaForm(request.POST or None, province_code=batch.province_code)
    if request.method == "POST" and form.is_valid():
        try:
            services.batch_quota_set(actor=user, batch=batch, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Kuota tersimpan."))
            return redirect("programs:batch_quotas", pk=batch.pk)
    quotas = batch.quotas.select_related("regency").order_by("regency__code")
    return render(request, "programs/batch_quotas.html", {"batch": batch, "form": form, "quotas": quotas})


@login_required
def program_followups(request: HttpRequest, pk: int) -> HttpResponse:
    """The program owner's admin sets the follow-up schedule and the jump that asks for confirmation."""
    user: Any = request.user
    program = get_object_or_404(Program.objects.select_related("owner"), pk=pk)
    if not access.can_manage(user, program.owner):
        raise PermissionDenied
    initial = {
        "months": ", ".join(str(m) for m in program.followup_schedule),
        "jump_factor": program.followup_jump_factor,
    }
    form = FollowUpSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_followup_update(
                actor=user, program=program, months=form.cleaned_data["months"],
                jump_factor=form.cleaned_data["jump_factor"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Jadwal tindak lanjut tersimpan."))
            return redirect("programs:program_list")
    return render(request, "programs/program_followups.html", {"form": form, "program": program})
