"""Pages for organisers: programs (new or copied), their levels' settings and rubrics, opening batches."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naikkelas.core.forms import add_service_errors
from naikkelas.programs import access, providers, services
from naikkelas.programs.forms import (
    BatchEditForm,
    BatchForm,
    CriterionForm,
    FollowUpSettingsForm,
    LevelCreateForm,
    LevelForm,
    ProgramEditForm,
    ProgramForm,
    QuotaForm,
)
from naikkelas.programs.models import Level, RubricCriterion


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
    programs = access.programs_for_user(user)
    initial: dict[str, Any] = {}
    latest = programs.order_by("-year", "-pk").first()
    if latest is not None:
        initial = {"copy_from": latest.pk, "year": latest.year + 1}
    if request.GET.get("copy_from", "").isdigit():
        initial["copy_from"] = int(request.GET["copy_from"])
    form = ProgramForm(request.POST or None, programs=programs, owners=owners, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["copy_from"] is not None:
                program = services.program_copy(
                    actor=user, source=data["copy_from"], year=data["year"], owner=data["owner"],
                    name=data["name"],
                )  # fmt: skip
            else:
                program = services.program_create(
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
            services.program_update(actor=user, program=program, **form.cleaned_data)
        except ValidationError as error:
            program.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("Program %(program)s tersimpan.") % {"program": program})
            return redirect("programs:program_detail", pk=program.pk)
    return render(request, "programs/program_edit.html", {"form": form, "program": program})


@login_required
def level_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner's admin adds the program's next level, with its settings and the default rubric."""
    user = _user(request)
    program = access.get_program_for_user(user, pk, write=True)
    form = LevelCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            level = services.level_create(actor=user, program=program, **form.settings())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Jenjang %(level)s dibuat dengan rubrik penilaian baku; periksa kriterianya di bawah.")
                % {"level": level.name},
            )
            return redirect("programs:level_detail", pk=level.pk)
    rank = (max(program.levels.values_list("rank", flat=True), default=0) or 0) + 1
    return render(request, "programs/level_create.html", {"form": form, "program": program, "rank": rank})


@login_required
def level_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A level's settings in plain words, its rubric with what each score means, and the later steps'
    pages for it (training's sessions and assignments)."""
    user = _user(request)
    level = access.get_level_for_user(user, pk)
    applications = providers.applications_count(level)
    return render(
        request,
        "programs/level_detail.html",
        {
            "level": level,
            "program": level.program,
            "applications": applications,
            "criteria": level.criteria.all(),
            "weight_total": sum(c.weight for c in level.criteria.all()),
            "manage": access.can_manage(user, level.program.owner),
            "links": providers.level_links(user, level),
            "versions": Level.objects.filter(program=level.program, rank=level.rank).order_by("version"),
            "frozen_message": services.frozen_message(),
            "help": {
                field.name: field.help_text
                for field in Level._meta.get_fields()
                if hasattr(field, "help_text")
            },
        },
    )


@login_required
def level_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The program owner's admin edits a level's settings; the change is audited."""
    user = _user(request)
    level = access.get_level_for_user(user, pk, write=True)
    locked = providers.applications_count(level) > 0
    form = LevelForm(request.POST or None, instance=level, locked=locked)
    if request.method == "POST" and form.is_valid():
        data = form.settings()
        level.refresh_from_db()
        try:
            services.level_update(actor=user, level=level, **data)
        except ValidationError as error:
            level.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Jenjang tersimpan. Untuk angkatan yang belum diumumkan, tekan 'Nilai ulang syarat' di halaman angkatan."
                ),
            )
            return redirect("programs:level_detail", pk=level.pk)
    return render(
        request,
        "programs/level_form.html",
        {"form": form, "level": level, "locked": locked, "frozen_message": services.frozen_message()},
    )


@require_POST
@login_required
def level_version(request: HttpRequest, pk: int) -> HttpResponse:
    """A new version of the level to change its rules in; the old one takes no new batches."""
    user = _user(request)
    level = access.get_level_for_user(user, pk, write=True)
    try:
        created = services.level_version_create(actor=user, level=level)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("programs:level_detail", pk=level.pk)
    messages.success(
        request,
        _(
            "Versi %(version)s jenjang %(level)s dibuat; versi %(old)s ditutup untuk angkatan baru. "
            "Angkatan dan pendaftar yang sudah ada tetap memakai aturan lama."
        )
        % {"version": created.version, "level": created.name, "old": level.version},
    )
    return redirect("programs:level_detail", pk=created.pk)


def _criterion_for(user: Any, pk: int) -> RubricCriterion:
    """A criterion of a level the user may change (404 outside their scope, 403 read-only)."""
    criterion = RubricCriterion.objects.filter(pk=pk).first()
    if criterion is None:
        raise Http404
    criterion.level = access.get_level_for_user(user, criterion.level_id, write=True)
    return criterion


@login_required
def criterion_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    level = access.get_level_for_user(user, pk, write=True)
    locked = providers.applications_count(level) > 0
    form = CriterionForm(request.POST or None, locked=locked)
    if request.method == "POST" and form.is_valid():
        try:
            criterion = services.criterion_create(actor=user, level=level, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Kriteria %(label)s ditambahkan.") % {"label": criterion.label})
            return redirect("programs:level_detail", pk=level.pk)
    return render(
        request,
        "programs/criterion_form.html",
        {"form": form, "level": level, "locked": locked, "frozen_message": services.frozen_message()},
    )


@login_required
def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    criterion = _criterion_for(user, pk)
    level = criterion.level
    locked = providers.applications_count(level) > 0
    form = CriterionForm(request.POST or None, initial=CriterionForm.initial_for(criterion), locked=locked)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_update(actor=user, criterion=criterion, **form.values())
        except ValidationError as error:
            criterion.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("Kriteria %(label)s tersimpan.") % {"label": criterion.label})
            return redirect("programs:level_detail", pk=level.pk)
    return render(
        request,
        "programs/criterion_form.html",
        {
            "form": form, "level": level, "criterion": criterion, "locked": locked,
            "frozen_message": services.frozen_message(),
        },
    )  # fmt: skip


@require_POST
@login_required
def criterion_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    criterion = _criterion_for(user, pk)
    try:
        services.criterion_delete(actor=user, criterion=criterion)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Kriteria %(label)s dihapus.") % {"label": criterion.label})
    return redirect("programs:level_detail", pk=criterion.level_id)


@login_required
def batch_create(request: HttpRequest) -> HttpResponse:
    """An office opens a batch: only levels of its own tier, in its province's open program, are offered."""
    user = _user(request)
    access.require_batch_organiser(user)
    organisers = access.organisations_managed_by(user)
    levels = access.levels_open_for_batches(organisers)
    form = BatchForm(request.POST or None, organisers=organisers, levels=levels)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            batch = services.batch_create(actor=user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Angkatan %(title)s dibuka.") % {"title": batch.title})
            return redirect("selection:batch_detail", pk=batch.pk)
    return render(request, "programs/batch_form.html", {"form": form, "has_levels": levels.exists()})


@login_required
def batch_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's admin renames a batch or moves its venue; dates and capacity until publication."""
    user = _user(request)
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
    user = _user(request)
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
    user = _user(request)
    program = access.get_program_for_user(user, pk, write=True)
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
            return redirect("programs:program_detail", pk=program.pk)
    return render(request, "programs/program_followups.html", {"form": form, "program": program})
