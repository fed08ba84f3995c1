"""Import endpoints: an office's own tool uploads a spreadsheet, follows its dry run, reads the problems
(and, for new monthly figures, the changes) and confirms the all-or-nothing write. The same access
functions and services as the import pages (`registry/views/imports.py`): no second path."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile as NinjaUploadedFile
from ninja.pagination import paginate
from pydantic import Strict

from naikkelas.core.http import CONTENT_TYPES, attachment
from naikkelas.core.pagination import PageNumberPagination
from naikkelas.core.schemas import Component, Id
from naikkelas.core.tabular import TabularError
from naikkelas.registry import access, selectors
from naikkelas.registry.models import ImportJob
from naikkelas.registry.providers import import_kind
from naikkelas.registry.services import imports

router = Router(tags=["imports"])

ImportKind = Annotated[ImportJob.Kind, Strict(False), Component("ImportKind")]
ImportStatus = Annotated[ImportJob.Status, Strict(False), Component("ImportStatus")]


def _user(request: HttpRequest) -> Any:
    return request.user


class ImportProgressOut(Schema):
    stage: str = Field(..., description="checking, checked, writing, or the job's status")
    done: int
    total: int


class ImportLinksOut(Schema):
    self: str
    problems: str
    changes: str = Field(..., description="the rows whose figures would change (figures imports)")
    write: str = Field(..., description="POST here to write a checked file")
    page: str = Field(..., description="the same job on the import page")


class ImportJobOut(Schema):
    id: int
    kind: ImportKind
    kind_label: str
    status: ImportStatus
    status_label: str
    original_name: str
    created_at: datetime
    finished_at: datetime | None
    total_rows: int
    error_count: int
    warning_count: int
    written_rows: int
    progress: ImportProgressOut
    message: str
    links: ImportLinksOut

    @staticmethod
    def resolve_kind_label(obj: ImportJob) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_label(obj: ImportJob) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_progress(obj: ImportJob) -> dict[str, Any]:
        return imports.job_progress(obj)

    @staticmethod
    def resolve_message(obj: ImportJob) -> str:
        return selectors.import_job_message(obj)  # in the reader's language

    @staticmethod
    def resolve_links(obj: ImportJob) -> dict[str, str]:
        args = {"job_id": obj.pk}
        return {
            "self": reverse("api-v1:import_detail", kwargs=args),
            "problems": reverse("api-v1:import_problems", kwargs=args),
            "changes": reverse("api-v1:import_changes", kwargs=args),
            "write": reverse("api-v1:import_write", kwargs=args),
            "page": reverse("registry:import_detail", args=[obj.pk]),
        }


class ImportJobDetailOut(ImportJobOut):
    """One job, with what only its own page reads (the list leaves the problems and changes unread)."""

    change_count: int = Field(..., description="figures imports: how many months the write would change")

    @staticmethod
    def resolve_change_count(obj: ImportJob) -> int:
        return len(obj.changes)


class ImportProblemOut(Schema):
    row: int = Field(..., description="the spreadsheet's row (the header is row 1; 0: the whole file)")
    column: str = Field(..., description="the column's header, or empty for the whole row or file")
    message: str
    severity: Literal["error", "warning"] = Field(
        ..., description="error: the file cannot be written until it is fixed; warning: to look at"
    )


class ImportFiguresOut(Schema):
    omzet: int
    aset: int
    workers: int


class ImportChangeOut(Schema):
    row: int
    enterprise_id: int
    enterprise_name: str
    period: date = Field(..., description="the month (its first day)")
    old: ImportFiguresOut | None = Field(..., description="null: the month has no imported report yet")
    new: ImportFiguresOut


def _figures(values: list[int] | None) -> dict[str, int] | None:
    if values is None:
        return None
    omzet, aset, workers = values
    return {"omzet": omzet, "aset": aset, "workers": workers}


def _job(request: HttpRequest, job_id: int) -> ImportJob:
    """The caller's job (404 outside her jobs), failed first if its worker died, as the page does."""
    job = access.get_import_job_for_user(_user(request), job_id)
    imports.import_job_fail_if_stale(job=job)
    return job


# The file is required (the schema says so: ninja lists `kind`, this adds `file`), but checked here rather
# than by ninja: a client that sends an empty file as a plain form field would otherwise be refused for
# its shape instead of being told what is missing.
_FILE_REQUIRED = {"requestBody": {"content": {"multipart/form-data": {"schema": {"required": ["file"]}}}}}


@router.post(
    "/imports", response={202: ImportJobDetailOut}, url_name="import_create", openapi_extra=_FILE_REQUIRED
)
def import_create(
    request: HttpRequest,
    kind: Form[ImportKind],
    file: File[NinjaUploadedFile] = None,  # type: ignore[assignment]  # see _FILE_REQUIRED
) -> Status:
    """Upload a spreadsheet (.xlsx or .csv, at most 50 MB) of `kind`; its dry run starts at once (202).
    Follow the job until `status` is `checked` (write it) or `invalid` (read its problems). An empty
    file, a file of another type or one over the limit is refused (422) and nothing is kept."""
    user = _user(request)
    access.require_import(user)
    if file is None and "file" in request.POST:
        raise ValidationError({"file": [_("Isian file harus berupa berkas yang diunggah, bukan teks.")]})
    if file is None:
        raise ValidationError({"file": [_("Wajib diisi.")]})
    upload: UploadedFile = file
    try:
        job = imports.import_job_create(user=user, upload=upload, kind=kind)
    except TabularError as error:
        raise ValidationError({"file": [str(error)]}) from None
    return Status(202, job)


@router.get("/imports", response=list[ImportJobOut], url_name="import_list")
@paginate(PageNumberPagination, page_size=25, max_page_size=200)
def import_list(request: HttpRequest) -> Any:
    """Your imports, newest first."""
    user = _user(request)
    access.require_import(user)
    return access.import_jobs_for_user(user).defer("problems", "changes")


@router.get(
    "/imports/templates/{kind}",
    response={200: None},
    url_name="import_template",
    openapi_extra={
        "responses": {
            200: {
                "description": "the template (.xlsx)",
                "content": {CONTENT_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def import_template(request: HttpRequest, kind: ImportKind) -> HttpResponse:
    """The template (.xlsx) of `kind`, as the import page offers it: the columns with an example row (the
    history template also with its lookup sheets, for admins who may import history; others 403)."""
    if kind == ImportJob.Kind.ENTERPRISES:
        return attachment(imports.enterprise_import_template(user=_user(request)), "templat-impor-umkm.xlsx")
    if kind == ImportJob.Kind.FIGURES:
        return attachment(imports.figures_import_template(user=_user(request)), "templat-angka-bulanan.xlsx")
    provided = import_kind(kind)
    if provided is None or provided.template_file is None:
        raise Http404
    return attachment(provided.template_file(_user(request)), provided.template_filename)


@router.get("/imports/{job_id}", response=ImportJobDetailOut, url_name="import_detail")
def import_detail(request: HttpRequest, job_id: Id) -> ImportJob:
    """One of your imports: status, counts and progress."""
    return _job(request, job_id)


@router.get("/imports/{job_id}/problems", response=list[ImportProblemOut], url_name="import_problems")
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def import_problems(request: HttpRequest, job_id: Id) -> list[dict[str, Any]]:
    """The dry run's problems by row and column, in file order (the first 2,000 are kept)."""
    job = _job(request, job_id)
    return [
        {
            "row": problem["row"],
            "column": problem["column"],
            "message": problem["message"],
            "severity": "error" if problem["blocking"] else "warning",
        }
        for problem in selectors.import_job_problems(job)  # in the reader's language
    ]


@router.get("/imports/{job_id}/changes", response=list[ImportChangeOut], url_name="import_changes")
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def import_changes(request: HttpRequest, job_id: Id) -> list[dict[str, Any]]:
    """A figures import's rows that would change: the enterprise, the month, old and new figures (the
    write writes exactly these). Other kinds have none."""
    job = _job(request, job_id)
    return [
        {
            "row": change["row"],
            "enterprise_id": change["enterprise"],
            "enterprise_name": change["name"],
            "period": change["period"],
            "old": _figures(change["old"]),
            "new": _figures(change["new"]),
        }
        for change in job.changes
    ]


@router.post("/imports/{job_id}/write", response={202: ImportJobDetailOut}, url_name="import_write")
def import_write(request: HttpRequest, job_id: Id) -> Status:
    """Write a checked file, all or nothing, as the page's button does (202; follow the job until
    `done` or `failed`). A job that is not `checked`, or a figures import that changes nothing, is
    refused with the reason (422) and nothing is written."""
    user = _user(request)
    job = _job(request, job_id)
    try:
        imports.import_job_start_writing(user=user, job=job)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    return Status(202, job)
