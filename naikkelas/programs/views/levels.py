"""Organisers' pages for a level: its settings, a new version, and its rubric criteria."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naikkelas.core.forms import add_service_errors
from naikkelas.programs import access, providers
from naikkelas.programs.forms import (
    CriterionForm,
    LevelCreateForm,
    LevelForm,
)
from naikkelas.programs.models import Level, RubricCriterion
from naikkelas.programs.services import levels


def _user(request: HttpRequest) -> Any:
    return request.user


@login_required
def level_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner's admin adds the program's next level, with its settings and the default rubric."""
    user = _user(request)
    program = access.get_program_for_user(user, pk, write=True)
    form = LevelCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            level = levels.level_create(actor=user, program=program, **form.settings())
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
            "frozen_message": levels.frozen_message(),
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
            levels.level_update(actor=user, level=level, **data)
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
        {"form": form, "level": level, "locked": locked, "frozen_message": levels.frozen_message()},
    )


@require_POST
@login_required
def level_version(request: HttpRequest, pk: int) -> HttpResponse:
    """A new version of the level to change its rules in; the old one takes no new batches."""
    user = _user(request)
    level = access.get_level_for_user(user, pk, write=True)
    try:
        created = levels.level_version_create(actor=user, level=level)
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
            criterion = levels.criterion_create(actor=user, level=level, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Kriteria %(label)s ditambahkan.") % {"label": criterion.label})
            return redirect("programs:level_detail", pk=level.pk)
    return render(
        request,
        "programs/criterion_form.html",
        {"form": form, "level": level, "locked": locked, "frozen_message": levels.frozen_message()},
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
            levels.criterion_update(actor=user, criterion=criterion, **form.values())
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
            "frozen_message": levels.frozen_message(),
        },
    )  # fmt: skip


@login_required
def criterion_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first (the shared confirm page), deletes on the POST."""
    user = _user(request)
    criterion = _criterion_for(user, pk)
    if request.method != "POST":
        return render(
            request,
            "registry/confirm_delete.html",
            {"object": _("kriteria %(label)s") % {"label": criterion.label},
             "cancel_url": reverse("programs:criterion_edit", args=[criterion.pk])},
        )  # fmt: skip
    try:
        levels.criterion_delete(actor=user, criterion=criterion)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Kriteria %(label)s dihapus.") % {"label": criterion.label})
    return redirect("programs:level_detail", pk=criterion.level_id)
