"""A level's five days and assignments, which every new batch of the level copies (linked from the
level's page in programs). The program owner's admins change them; other staff who see the level read."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naikkelas.accounts.models import User
from naikkelas.core.forms import add_service_errors
from naikkelas.programs.access import can_manage, get_level_for_user
from naikkelas.programs.models import Level
from naikkelas.programs.providers import LevelLink
from naikkelas.training.forms import AssignmentTemplateForm, SessionTemplateForm
from naikkelas.training.models import AssignmentTemplate, SessionTemplate
from naikkelas.training.services import level_templates


def _user(request: HttpRequest) -> Any:
    return request.user


def level_link(user: User, level: Level) -> LevelLink:
    """The link on the level's page (registered in TrainingConfig.ready)."""
    return LevelLink(
        title=_("Sesi lima hari dan tugas"),
        url=reverse("training:level_templates", args=[level.pk]),
        description=_("Topik setiap hari dan tugas yang disalin ke setiap angkatan baru jenjang ini."),
    )


@login_required
def level_templates_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    level = get_level_for_user(user, pk)
    sessions = level.session_templates.all()
    days = [(day, [s for s in sessions if s.day == day]) for day in range(1, level.duration_days + 1)]
    extra = [s for s in sessions if s.day > level.duration_days]
    return render(
        request,
        "training/level_templates.html",
        {
            "level": level, "days": days, "extra": extra, "assignments": level.assignment_templates.all(),
            "manage": can_manage(user, level.program.owner) and level.closed_at is None,
            "empty": not sessions and not level.assignment_templates.exists(),
        },
    )  # fmt: skip


@require_POST
@login_required
def level_templates_start(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    level = get_level_for_user(user, pk, write=True)
    created = level_templates.level_templates_start(actor=user, level=level)
    messages.success(
        request, _("%(count)s sesi dan tugas baku dibuat; ubah sesuai kebutuhan.") % {"count": created}
    )
    return redirect("training:level_templates", pk=level.pk)


def _template_for[T: (SessionTemplate, AssignmentTemplate)](model: type[T], user: Any, pk: int) -> T:
    """A session or assignment template of a level the user may change (404 outside, 403 read-only)."""
    template = model.objects.filter(pk=pk).first()
    if template is None:
        raise Http404
    template.level = get_level_for_user(user, template.level_id, write=True)
    return template


def _session_for(user: Any, pk: int) -> SessionTemplate:
    return _template_for(SessionTemplate, user, pk)


def _assignment_for(user: Any, pk: int) -> AssignmentTemplate:
    return _template_for(AssignmentTemplate, user, pk)


@login_required
def session_template_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    level = get_level_for_user(user, pk, write=True)
    form = SessionTemplateForm(request.POST or None, level=level, initial={"day": request.GET.get("hari", 1)})
    if request.method == "POST" and form.is_valid():
        try:
            level_templates.session_template_create(actor=user, level=level, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sesi ditambahkan."))
            return redirect("training:level_templates", pk=level.pk)
    return render(request, "training/session_template_form.html", {"form": form, "level": level})


@login_required
def session_template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    template = _session_for(user, pk)
    level = template.level
    form = SessionTemplateForm(request.POST or None, level=level, instance=template)
    if request.method == "POST" and form.is_valid():
        template.refresh_from_db()
        template.level = level
        try:
            level_templates.session_template_update(actor=user, template=template, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sesi tersimpan."))
            return redirect("training:level_templates", pk=level.pk)
    return render(
        request, "training/session_template_form.html", {"form": form, "level": level, "template": template}
    )


@require_POST
@login_required
def session_template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    template = _session_for(user, pk)
    level_templates.session_template_delete(actor=user, template=template)
    messages.success(request, _("Sesi %(topic)s dihapus.") % {"topic": template.topic})
    return redirect("training:level_templates", pk=template.level_id)


@login_required
def assignment_template_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    level = get_level_for_user(user, pk, write=True)
    form = AssignmentTemplateForm(request.POST or None, initial={"wants_text": True, "due_after_days": 0})
    if request.method == "POST" and form.is_valid():
        try:
            level_templates.assignment_template_create(actor=user, level=level, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Tugas ditambahkan."))
            return redirect("training:level_templates", pk=level.pk)
    return render(request, "training/assignment_template_form.html", {"form": form, "level": level})


@login_required
def assignment_template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    template = _assignment_for(user, pk)
    level = template.level
    form = AssignmentTemplateForm(request.POST or None, initial=AssignmentTemplateForm.initial_for(template))
    if request.method == "POST" and form.is_valid():
        try:
            level_templates.assignment_template_update(actor=user, template=template, **form.values())
        except ValidationError as error:
            template.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("Tugas tersimpan."))
            return redirect("training:level_templates", pk=level.pk)
    return render(
        request,
        "training/assignment_template_form.html",
        {"form": form, "level": level, "template": template},
    )


@require_POST
@login_required
def assignment_template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    template = _assignment_for(user, pk)
    level_templates.assignment_template_delete(actor=user, template=template)
    messages.success(request, _("Tugas %(title)s dihapus.") % {"title": template.title})
    return redirect("training:level_templates", pk=template.level_id)
