"""Metric report pages: a month's figures of an enterprise, added or corrected."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from naikkelas.core.forms import add_service_errors
from naikkelas.registry import access
from naikkelas.registry.forms import MetricReportForm
from naikkelas.registry.services import metric_reports


@login_required
def metric_report_create(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    enterprise = access.get_enterprise_for_user(user, pk)
    sources = access.require_metric_writer(user, enterprise)
    form = MetricReportForm(request.POST or None, sources=sources)
    if request.method == "POST" and form.is_valid():
        try:
            access.require_metric_source(user, enterprise, form.cleaned_data["source"])
            metric_reports.metric_report_create(actor=user, enterprise=enterprise, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Laporan kinerja tersimpan."))
            return redirect("registry:enterprise_detail", pk=enterprise.pk)
    return render(request, "registry/metric_form.html", {"form": form, "enterprise": enterprise})


@login_required
def metric_report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a month's figures (the same service as the API's PATCH: a frozen baseline is refused)."""
    user: Any = request.user
    report = access.get_metric_report_for_user(user, pk, write=True)
    enterprise = report.enterprise
    form = MetricReportForm(
        request.POST or None, instance=report, sources=access.metric_sources_for(user, enterprise)
    )
    if request.method == "POST" and form.is_valid():
        report.refresh_from_db()  # the form wrote its values into the instance; the service compares
        try:
            access.require_metric_source(user, enterprise, form.cleaned_data["source"])
            metric_reports.metric_report_update(actor=user, report=report, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Laporan kinerja tersimpan."))
            return redirect("registry:enterprise_detail", pk=enterprise.pk)
    return render(
        request, "registry/metric_form.html", {"form": form, "enterprise": enterprise, "report": report}
    )
