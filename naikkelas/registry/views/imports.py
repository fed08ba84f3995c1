"""Enterprise import pages: the template, the upload, the dry run's problems and the write."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from naikkelas.core.tabular import TabularError
from naikkelas.registry import access, selectors
from naikkelas.registry.forms import UploadForm
from naikkelas.registry.models import ImportJob
from naikkelas.registry.providers import import_kinds
from naikkelas.registry.services import imports

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The job page's title names what the file brings in: a history job is no "enterprise import".
TITLES = {
    ImportJob.Kind.ENTERPRISES: _("Impor usaha baru"),
    ImportJob.Kind.FIGURES: _("Impor angka bulanan"),
    ImportJob.Kind.HISTORY: _("Impor riwayat pelatihan"),
}


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    content = imports.enterprise_import_template(user=request.user)  # type: ignore[arg-type]
    return xlsx_response(content, "templat-impor-umkm.xlsx")


@login_required
def figure_template(request: HttpRequest) -> HttpResponse:
    content = imports.figures_import_template(user=request.user)  # type: ignore[arg-type]
    return xlsx_response(content, "templat-angka-bulanan.xlsx")


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    access.require_import(user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = imports.import_job_create(
                user=user, upload=form.cleaned_data["file"], kind=form.cleaned_data["kind"]
            )
        except TabularError as error:
            form.add_error("file", str(error))
        else:
            return redirect("registry:import_detail", pk=job.pk)
    jobs = Paginator(access.import_jobs_for_user(user), 10).get_page(request.GET.get("page"))
    provided = [(reverse(kind.template), kind.template_label) for kind in import_kinds]
    return render(request, "registry/import_start.html", {"form": form, "page": jobs, "provided": provided})


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.get_import_job_for_user(request.user, pk)  # type: ignore[arg-type]
    imports.import_job_fail_if_stale(job=job)  # its worker died: say so now, not at the next tick
    busy = job.status in (ImportJob.Status.CHECKING, ImportJob.Status.WRITING)
    waiting = busy and job.heartbeat_at is None  # queued: no worker has taken it yet
    progress = imports.job_progress(job)
    problems = Paginator(selectors.import_job_problems(job), 50).get_page(request.GET.get("page"))
    changes = Paginator([_change_for_page(change) for change in job.changes], 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "registry/import_detail.html",
        {
            "job": job,
            "title": TITLES[ImportJob.Kind(job.kind)],
            "message": selectors.import_job_message(job),
            "busy": busy,
            "waiting": waiting,
            "behind_others": waiting and selectors.import_job_behind_others(job),
            "progress": progress,
            "percent": int(100 * progress["done"] / max(progress["total"], 1)),
            "page": problems,
            "changes": changes,
        },
    )


def _change_for_page(change: dict[str, Any]) -> dict[str, Any]:
    """A change of a figures import as the page shows it: the month as a date, old and new by name."""
    names = ("omzet", "aset", "workers")
    old = change["old"] or [None, None, None]
    return {
        **change,
        "period": date.fromisoformat(change["period"]),
        "figures": [
            {"name": name, "old": before, "new": after, "changed": before != after}
            for name, before, after in zip(names, old, change["new"], strict=True)
        ],
    }


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
