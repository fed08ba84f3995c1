"""Organisers' pages for batches: opening one, changing it, its regency/city quotas."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from naikkelas.core.forms import add_service_errors
from naikkelas.programs import access
from naikkelas.programs.forms import (
    BatchEditForm,
    BatchForm,
    QuotaForm,
)
from naikkelas.programs.services import batches


def _user(request: HttpRequest) -> Any:
    return request.user


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
            batch = batches.batch_create(actor=user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Angkatan dibuka: %(title)s.") % {"title": batch.title})
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
            batches.batch_update(actor=user, batch=batch, **form.cleaned_data)
        except ValidationError as error:
            batch.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("Angkatan tersimpan: %(title)s.") % {"title": batch.title})
            return redirect("selection:batch_detail", pk=batch.pk)
    return render(request, "programs/batch_edit.html", {"form": form, "batch": batch})


@login_required
def batch_quotas(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    batch = access.get_batch_for_user(user, pk, write=True)
    form = QuotaForm(request.POST or None, province_code=batch.province_code)
    if request.method == "POST" and form.is_valid():
        try:
            batches.batch_quota_set(actor=user, batch=batch, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Kuota tersimpan."))
            return redirect("programs:batch_quotas", pk=batch.pk)
    quotas = batch.quotas.select_related("regency").order_by("regency__code")
    return render(request, "programs/batch_quotas.html", {"batch": batch, "form": form, "quotas": quotas})
