"""Enterprise pages: the registry list, an enterprise's page, its form, deletion and the .xlsx export."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from naikkelas.core import access_log
from naikkelas.core.audit import audit_for
from naikkelas.core.forms import add_service_errors
from naikkelas.core.replica import reads_for_reports
from naikkelas.core.tabular import write_xlsx
from naikkelas.registry import access, selectors
from naikkelas.registry.charts import metric_chart
from naikkelas.registry.forms import EnterpriseFilterForm, EnterpriseForm
from naikkelas.registry.nik import mask_nik
from naikkelas.registry.providers import panels_for
from naikkelas.registry.services import enterprises
from naikkelas.registry.views.imports import xlsx_response

EXPORT_LIMIT = 100_000


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = EnterpriseFilterForm(request.GET or None, regions=selectors.regions_in_scope(user))
    filters = selectors.EnterpriseFilter()
    if form.is_valid():
        filters = selectors.EnterpriseFilter(**form.cleaned_data)
    page = selectors.enterprise_page(user, filters, request.GET.get("page"))
    return render(
        request,
        "registry/enterprise_list.html",
        {
            "form": form,
            "page": page,
            "can_create": access.districts_writable_by(user).exists(),
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
    districts = access.districts_writable_by(user)
    form = EnterpriseForm(request.POST or None, districts=districts, owners=access.persons_for_user(user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["owner"] = data.pop("owner_nik")
        try:
            enterprise = enterprises.enterprise_create(actor=user, **data)
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
        districts=access.districts_writable_by(user),
        owners=access.persons_for_user(user),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["owner"] = data.pop("owner_nik")
        enterprise.refresh_from_db()
        try:
            enterprises.enterprise_update(actor=user, enterprise=enterprise, **data)
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
def enterprise_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first; deletes only on POST."""
    user: Any = request.user
    enterprise = access.get_enterprise_for_user(user, pk, write=True)
    if request.method == "POST":
        name = enterprise.name
        try:
            enterprises.enterprise_delete(actor=user, enterprise=enterprise)
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


# The export is read, not imported back: its headers and sheet are in the reader's language.
EXPORT_HEADER = [
    "ID",
    pgettext_lazy("kolom ekspor", "Nama Usaha"),
    pgettext_lazy("kolom ekspor", "Pemilik"),
    "NIK",
    "NIB",
    "KBLI",
    pgettext_lazy("kolom ekspor", "Versi KBLI"),
    pgettext_lazy("kolom ekspor", "Sektor"),
    pgettext_lazy("kolom ekspor", "Kode Kecamatan"),
    pgettext_lazy("kolom ekspor", "Kecamatan"),
    pgettext_lazy("kolom ekspor", "Kabupaten/Kota"),
    pgettext_lazy("kolom ekspor", "Mulai Usaha"),
    pgettext_lazy("kolom ekspor", "Skala"),
]


@login_required
@reads_for_reports
def enterprise_export(request: HttpRequest) -> HttpResponse:
    """The filtered registry as .xlsx; the NIK masked unless the user may see it in full."""
    user: Any = request.user
    form = EnterpriseFilterForm(request.GET or None, regions=selectors.regions_in_scope(user))
    filters = (
        selectors.EnterpriseFilter(**form.cleaned_data) if form.is_valid() else selectors.EnterpriseFilter()
    )
    # The owner's district decides whether the full NIK may be shown: joined, not one query per row.
    queryset = selectors.enterprise_list(user, filters).select_related("owner__address_district")
    if queryset.count() > EXPORT_LIMIT:
        messages.error(
            request,
            _("Lebih dari %(limit)s usaha; persempit saringan sebelum mengunduh.") % {"limit": EXPORT_LIMIT},
        )
        return redirect(f"{reverse('registry:enterprise_list')}?{request.GET.urlencode()}")

    def rows() -> Any:
        for enterprise in queryset.iterator(chunk_size=2000):
            owner = enterprise.owner
            nik = owner.nik if access.can_see_full_nik(user, owner) else mask_nik(owner.nik)
            access_log.note(request, [owner.pk], purpose="export", what="registry_xlsx")
            yield [
                enterprise.pk, enterprise.name, owner.name, nik, enterprise.nib, enterprise.kbli_code,
                enterprise.kbli_version, enterprise.get_sector_display(), enterprise.district_id,
                enterprise.district.name, enterprise.district.parent.name if enterprise.district.parent else "",
                enterprise.started_on, enterprise.get_size_class_display(),
            ]  # fmt: skip

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(
        write_xlsx([str(h) for h in EXPORT_HEADER], rows(), _("Registri UMKM")), f"registri-umkm-{stamp}.xlsx"
    )
