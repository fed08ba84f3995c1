"""Registry import and export pages."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from naikkelas.core import access_log
from naikkelas.core.http import attachment
from naikkelas.core.tabular import TabularError, write_xlsx
from naikkelas.registry import access, imports, selectors
from naikkelas.registry.forms import EnterpriseFilterForm
from naikkelas.registry.importer import template_rows
from naikkelas.registry.models import ImportJob
from naikkelas.registry.nik import mask_nik

EXPORT_LIMIT = 100_000


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas .xlsx atau .csv"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    return attachment(content, filename)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    header, rows = template_rows()
    return _xlsx_response(write_xlsx(header, rows, "Templat"), "templat-impor-umkm.xlsx")


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    access.require_import(user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = imports.import_job_create(user=user, upload=form.cleaned_data["file"])
        except TabularError as error:
            form.add_error("file", str(error))
        else:
            return redirect("registry:import_detail", pk=job.pk)
    jobs = Paginator(access.import_jobs_for_user(user), 10).get_page(request.GET.get("page"))
    return render(request, "registry/import_start.html", {"form": form, "page": jobs})


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.get_import_job_for_user(request.user, pk)  # type: ignore[arg-type]
    imports.import_job_fail_if_stale(job=job)  # its worker died: say so now, not at the next tick
    busy = job.status in (ImportJob.Status.CHECKING, ImportJob.Status.WRITING)
    progress = imports.job_progress(job)
    problems = Paginator(job.problems, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/import_detail.html",
        {
            "job": job,
            "busy": busy,
            "waiting": busy and job.heartbeat_at is None,
            "progress": progress,
            "percent": int(100 * progress["done"] / max(progress["total"], 1)),
            "page": problems,
        },
    )


@require_POST
@login_required
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    job = access.get_import_job_for_user(user, pk)
    try:
        imports.import_job_start_writing(user=user, job=job)
    except ValueError as error:
        messages.error(request, str(error))
    return redirect("registry:import_detail", pk=job.pk)


EXPORT_HEADER = [
    "ID", "Nama Usaha", "Pemilik", "NIK", "NIB", "KBLI", "Versi KBLI", "Sektor", "Kode Kecamatan",
    "Kecamatan", "Kabupaten/Kota", "Mulai Usaha", "Skala",
]  # fmt: skip


@login_required
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
    return _xlsx_response(write_xlsx(EXPORT_HEADER, rows(), "Registri UMKM"), f"registri-umkm-{stamp}.xlsx")
