"""Registry pages: views parse, authorise, call a service, render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from naikkelas.core.audit import audit_for
from naikkelas.core.forms import add_service_errors
from naikkelas.registry import access, selectors, services
from naikkelas.registry.charts import metric_chart
from naikkelas.registry.forms import (
    EnterpriseFilterForm,
    EnterpriseForm,
    MetricReportForm,
    PersonForm,
)
from naikkelas.registry.models import Person
from naikkelas.registry.panels import panels_for


def _page(request: HttpRequest, queryset: Any) -> Any:
    from django.conf import settings

    paginator = Paginator(queryset, settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def _write_districts(request: HttpRequest) -> Any:
    return access.districts_writable_by(request.user)  # type: ignore[arg-type]


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = EnterpriseFilterForm(request.GET or None, regions=selectors.regions_in_scope(user))  # type: ignore[arg-type]
    filters = selectors.EnterpriseFilter()
    if form.is_valid():
        filters = selectors.EnterpriseFilter(**form.cleaned_data)
    page = selectors.enterprise_page(user, filters, request.GET.get("page"))  # type: ignore[arg-type]
    return render(
        request,
        "registry/enterprise_list.html",
        {
            "form": form,
            "page": page,
            "can_create": _write_districts(request).exists(),
        },
    )


@login_required
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    enterprise = access.get_enterprise_for_user(user, pk)
    history = selectors.enterprise_history(enterprise)
    can_write = access.can_write_registry_in(user, enterprise.district)
    sources = access.metric_sources_for(user, enterprise)
    return render(
        request,
        "registry/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "history": history,
            "chart": metric_chart(history),
            "owner_nik": access.nik_for(request, enterprise.owner, what="enterprise_detail"),
            "can_write": can_write,
            "can_add_metric": bool(sources),
            "editable_sources": sources,
            "audit": audit_for(enterprise)[:50] if access.can_view_audit(user) else None,
            "panels": panels_for(user, enterprise),
        },
    )


@login_required
def enterprise_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    access.require_registry_writer(user)
    districts = _write_districts(request)
    form = EnterpriseForm(request.POST or None, districts=districts, owners=access.persons_for_user(user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["owner"] = data.pop("owner_nik")
        try:
            enterprise = services.enterprise_create(actor=user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Usaha %(name)s tersimpan.") % {"name": enterprise.name})
            return redirect("registry:enterprise_detail", pk=enterprise.pk)
    return render(request, "registry/enterprise_form.html", {"form": form, "creating": True})


@login_required
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    enterprise = access.get_enterprise_for_user(user, pk, write=True)
    form = EnterpriseForm(
        request.POST or None,
        instance=enterprise,
        districts=_write_districts(request),
        owners=access.persons_for_user(user),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["owner"] = data.pop("owner_nik")
        enterprise.refresh_from_db()
        try:
            services.enterprise_update(actor=user, enterprise=enterprise, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Perubahan tersimpan."))
            return redirect("registry:enterprise_detail", pk=enterprise.pk)
    return render(
        request,
        "registry/enterprise_form.html",
        {"form": form, "creating": False, "enterprise": enterprise},
    )


@login_required
def metric_report_create(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    enterprise = access.get_enterprise_for_user(user, pk)
    sources = access.require_metric_writer(user, enterprise)
    form = MetricReportForm(request.POST or None, sources=sources)
    if request.method == "POST" and form.is_valid():
        try:
            access.require_metric_source(user, enterprise, form.cleaned_data["source"])
            services.metric_report_create(actor=user, enterprise=enterprise, **form.cleaned_data)
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
            services.metric_report_update(actor=user, report=report, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Laporan kinerja tersimpan."))
            return redirect("registry:enterprise_detail", pk=enterprise.pk)
    return render(
        request, "registry/metric_form.html", {"form": form, "enterprise": enterprise, "report": report}
    )


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    q = request.GET.get("q", "")
    page = _page(request, selectors.person_list(user, q))
    return render(
        request,
        "registry/person_list.html",
        {"page": page, "q": q, "can_create": _write_districts(request).exists()},
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    person = access.get_person_for_user(user, pk)
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "nik": access.nik_for(request, person, what="person_detail"),
            "enterprises": access.enterprises_for_user(user).filter(owner=person).select_related("district"),
            "can_write": access.can_write_registry_in(user, person.address_district),
            "audit": audit_for(person)[:50] if access.can_view_audit(user) else None,
        },
    )


def _person_form_view(request: HttpRequest, person: Person | None) -> HttpResponse:
    user: Any = request.user
    districts = _write_districts(request)
    form = PersonForm(request.POST or None, instance=person, districts=districts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if person is None:
                person = services.person_create(actor=user, **data)
            else:
                person.refresh_from_db()
                services.person_update(actor=user, person=person, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if person.nik_warning:
                messages.warning(request, person.nik_warning)
            messages.success(request, _("Data pemilik tersimpan."))
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": person})


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    access.require_registry_writer(request.user)  # type: ignore[arg-type]
    return _person_form_view(request, None)


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_person_for_user(request.user, pk, write=True)  # type: ignore[arg-type]
    return _person_form_view(request, person)


@login_required
def enterprise_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first; deletes only on POST."""
    user: Any = request.user
    enterprise = access.get_enterprise_for_user(user, pk, write=True)
    if request.method == "POST":
        name = enterprise.name
        try:
            services.enterprise_delete(actor=user, enterprise=enterprise)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("registry:enterprise_detail", pk=pk)
        messages.success(request, _("Usaha %(name)s dihapus.") % {"name": name})
        return redirect("registry:enterprise_list")
    return render(
        request,
        "registry/confirm_delete.html",
        {
            "object": enterprise,
            "cancel_url": reverse("registry:enterprise_detail", args=[pk]),
            "reports": enterprise.reports.count(),
        },
    )


@login_required
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first; deletes only on POST, and only an owner without enterprises."""
    user: Any = request.user
    person = access.get_person_for_user(user, pk, write=True)
    error = ""
    if request.method == "POST":
        try:
            services.person_delete(actor=user, person=person)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("Pemilik dihapus."))
            return redirect("registry:person_list")
    return render(
        request,
        "registry/confirm_delete.html",
        {"object": person, "cancel_url": reverse("registry:person_detail", args=[pk]), "error": error},
    )
