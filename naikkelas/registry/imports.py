"""Import services: check a spreadsheet (dry run) and write it all or nothing, with live progress.

Progress goes to the cache, not the database, so it is visible while the writing transaction is still
open (on SQLite a second writer would wait for it).
"""

from collections.abc import Callable, Collection, Iterable, Iterator
from typing import IO, Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core import formats
from naikkelas.core.models import AuditEvent
from naikkelas.privacy import access_log
from naikkelas.regions.models import Region
from naikkelas.registry import rules
from naikkelas.registry.access import districts_writable_by, enterprises_for_user, persons_for_user
from naikkelas.registry.importer import CheckResult, CleanRow, Known, Problem, check_rows
from naikkelas.registry.models import Enterprise, ImportJob, MetricReport, Person, nik_digest
from naikkelas.registry.tabular import Limits, TabularError, read_rows

CHUNK = 2000
MB = 1024 * 1024
MAX_FILE_BYTES = 50 * MB
KEPT_PROBLEMS = 2000
Progress = Callable[[str, int, int], None]


def progress_key(job_id: int) -> str:
    return f"import-progress:{job_id}"


def job_progress(job: ImportJob) -> dict[str, Any]:
    """Stage, rows done and total for the progress bar."""
    value = cache.get(progress_key(job.pk))
    if value is None:
        return {"stage": job.status, "done": job.written_rows, "total": job.total_rows or 1}
    return dict(value)


def _cache_progress(job_id: int) -> Progress:
    def report(stage: str, done: int, total: int) -> None:
        cache.set(progress_key(job_id), {"stage": stage, "done": done, "total": max(total, 1)}, 3600)

    return report


def import_limits() -> Limits:
    """How far an uploaded .xlsx may unpack (settings IMPORT_XLSX_*)."""
    return Limits(
        max_inflated_bytes=settings.IMPORT_XLSX_MAX_INFLATED_MB * MB,
        max_shared_strings_bytes=settings.IMPORT_XLSX_MAX_SHARED_STRINGS_MB * MB,
        max_ratio=settings.IMPORT_XLSX_MAX_RATIO,
    )


def explain(error: TabularError) -> TabularError:
    """The same error with its Indonesian message."""
    if error.code == "unsupported":
        return TabularError(_("Hanya berkas .xlsx atau .csv yang dapat diimpor."))
    if error.code == "inflated":
        return TabularError(
            _(
                "Isi berkas .xlsx ini terlalu besar setelah dibuka (%(size)s MB; paling besar %(limit)s MB). "
                "Bagi menjadi beberapa berkas."
            )
            % {
                "size": formats.number(round(error.size / MB, 1), _language()),
                "limit": formats.number(error.limit // MB, _language()),
            }
        )
    if error.code == "ratio":
        return TabularError(
            _(
                "Berkas .xlsx ini dipadatkan secara tidak wajar (isinya %(ratio)s kali ukuran padatnya; "
                "paling banyak %(limit)s kali), jadi tidak dibuka. Simpan ulang dari Excel, atau bagi "
                "menjadi beberapa berkas."
            )
            % {"ratio": formats.number(error.size, _language()), "limit": error.limit}
        )
    if error.code:
        return TabularError(
            _("Berkas tidak dapat dibaca sebagai spreadsheet; simpan ulang sebagai .xlsx atau .csv.")
        )
    return error


def _language() -> str:
    return get_language() or "id"


def _rows(handle: IO[bytes], filename: str, on_size: Callable[[int], None]) -> Iterator[list[str]]:
    try:
        yield from read_rows(handle, filename, limits=import_limits(), on_size=on_size)
    except TabularError as error:
        raise explain(error) from None


def known_for(user: User, outside: set[int]) -> Known:
    """The region codes, the user's writable districts, and lookups of registered NIKs and NIBs that
    add to `outside` the persons found beyond the user's scope (for the access log)."""
    regencies = set(Region.objects.filter(kind=Region.Kind.REGENCY).values_list("code", flat=True))
    districts = set(Region.objects.filter(kind=Region.Kind.DISTRICT).values_list("code", flat=True))
    writable = set(districts_writable_by(user).values_list("code", flat=True))
    return Known(
        regencies=regencies,
        districts=districts,
        writable_district=writable.__contains__,
        registered_niks=lambda niks: _registered_niks(user, niks, outside),
        registered_nibs=lambda nibs: _registered_nibs(user, nibs, outside),
    )


def _registered_niks(user: User, niks: Collection[str], outside: set[int]) -> dict[str, bool]:
    """The registered NIKs among `niks`, found by their keyed hash: True where the user sees the person."""
    by_digest = {nik_digest(nik): nik for nik in niks}
    found = dict(Person.objects.filter(nik_digest__in=list(by_digest)).values_list("nik_digest", "pk"))
    if not found:
        return {}
    visible = set(persons_for_user(user).filter(pk__in=found.values()).values_list("pk", flat=True))
    outside.update(pk for pk in found.values() if pk not in visible)
    return {by_digest[digest]: pk in visible for digest, pk in found.items()}


def _registered_nibs(user: User, nibs: Collection[str], outside: set[int]) -> dict[str, bool]:
    """The registered NIBs among `nibs`: True where the user sees an enterprise holding it."""
    found = list(Enterprise.objects.filter(nib__in=list(nibs)).values_list("pk", "nib", "owner_id"))
    if not found:
        return {}
    visible = set(
        enterprises_for_user(user)
        .filter(pk__in=[pk for pk, _nib, _owner in found])
        .values_list("pk", flat=True)
    )
    answer: dict[str, bool] = {}
    for pk, nib, _owner in found:
        answer[nib] = answer.get(nib, False) or pk in visible
    outside.update(owner for _pk, nib, owner in found if not answer[nib])
    return answer


def enterprise_import_check(
    *,
    user: User,
    handle: IO[bytes],
    filename: str,
    progress: Progress | None = None,
    origin: str = "",
) -> CheckResult:
    """The dry run: every problem by row and column; nothing is written but the access log, which notes
    the persons whose NIK (or business's NIB) the file named outside the user's scope. The file is read
    row by row; `origin` is what the log names as the place of the attempt."""
    size = {"rows": 0}

    def on_size(rows: int) -> None:
        size["rows"] = max(rows - 1, 0)

    on_row = None
    if progress is not None:
        progress("checking", 0, 0)
        on_row = lambda done: progress("checking", done, max(size["rows"], done))  # noqa: E731
    outside: set[int] = set()
    result = check_rows(
        _rows(handle, filename, on_size), known_for(user, outside), timezone.localdate(), on_row
    )
    if outside:
        access_log.record(
            user=user, person_ids=outside, purpose="match", what="import_outside_scope", path=origin
        )
    return result


def enterprise_import_write(
    *, user: User, rows: list[CleanRow], job: ImportJob | None = None, progress: Progress | None = None
) -> int:
    """Write checked rows all or nothing: owners, enterprises, their figures and audit rows."""
    progress = progress or (lambda stage, done, total: None)
    total = len(rows)
    districts = {
        code: (province, regency)
        for code, province, regency in Region.objects.filter(kind=Region.Kind.DISTRICT).values_list(
            "code", "province_code", "regency_code"
        )
    }
    note = _("Impor %(name)s") % {"name": job.original_name} if job else _("Impor")
    with transaction.atomic():
        for start in range(0, total, CHUNK):
            chunk = rows[start : start + CHUNK]
            persons = Person.objects.bulk_create([_person(row, districts) for row in chunk])
            enterprises = Enterprise.objects.bulk_create(
                [_enterprise(row, person, districts) for row, person in zip(chunk, persons, strict=True)]
            )
            reports = MetricReport.objects.bulk_create(
                [
                    MetricReport(
                        enterprise=enterprise,
                        source=MetricReport.Source.IMPORT,
                        reported_by=user,
                        note=note,
                        **row.report,  # type: ignore[arg-type]
                    )
                    for row, enterprise in zip(chunk, enterprises, strict=True)
                ]
            )
            AuditEvent.objects.bulk_create(
                _audit_rows(user, job, chunk, persons, enterprises, reports), batch_size=CHUNK
            )
            progress("writing", min(start + CHUNK, total), total)
    return total


def _person(row: CleanRow, districts: dict[str, tuple[str, str]]) -> Person:
    province, regency = districts[str(row.person["address_district_id"])]
    return Person(province_code=province, regency_code=regency, **row.person)  # type: ignore[arg-type]


def _enterprise(row: CleanRow, owner: Person, districts: dict[str, tuple[str, str]]) -> Enterprise:
    province, regency = districts[str(row.enterprise["district_id"])]
    return Enterprise(
        owner=owner,
        province_code=province,
        regency_code=regency,
        size_class=rules.size_class_for_monthly_omzet(row.report["omzet"]),  # type: ignore[arg-type]
        **row.enterprise,  # type: ignore[arg-type]
    )


def _audit_rows(
    user: User,
    job: ImportJob | None,
    rows: Iterable[CleanRow],
    persons: list[Person],
    enterprises: list[Enterprise],
    reports: list[MetricReport],
) -> list[AuditEvent]:
    events = []
    for row, person, enterprise, report in zip(rows, persons, enterprises, reports, strict=True):
        origin = {"import_job": job.pk if job else None, "row": row.row}
        for instance in (person, enterprise, report):
            events.append(
                AuditEvent(
                    actor=user,
                    action=AuditEvent.Action.CREATE,
                    object_type=instance._meta.label_lower,
                    object_id=str(instance.pk),
                    object_repr=str(instance)[:200],
                    changes=origin,
                )
            )
    return events


# The job flow used by the page: upload -> check task -> (if clean) write task.


def import_job_create(*, user: User, upload: UploadedFile) -> ImportJob:
    """Store the upload and queue its check; refuses other file types and oversized files."""
    name = upload.name or "berkas"
    if not name.lower().endswith((".xlsx", ".csv")):
        raise TabularError(_("Hanya berkas .xlsx atau .csv yang dapat diimpor."))
    if upload.size and upload.size > MAX_FILE_BYTES:
        raise TabularError(_("Berkas lebih dari 50 MB; bagi menjadi beberapa berkas."))
    job = ImportJob(created_by=user, original_name=name[:200])
    job.file.save(name, upload, save=False)
    job.save()
    transaction.on_commit(lambda: import_check_task.enqueue(job.pk))
    return job


def _store_check(job: ImportJob, result: CheckResult) -> None:
    job.total_rows = result.total
    job.error_count = result.error_count
    job.warning_count = result.warning_count
    job.problems = [_problem_json(p) for p in result.problems[:KEPT_PROBLEMS]]
    job.status = ImportJob.Status.CHECKED if result.ok else ImportJob.Status.INVALID
    job.save(update_fields=["total_rows", "error_count", "warning_count", "problems", "status"])


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "row": problem.row,
        "column": problem.column,
        "message": problem.message,
        "blocking": problem.blocking,
    }


def _check_job(job: ImportJob, progress: Progress | None = None) -> CheckResult:
    with job.file.open("rb") as handle:
        return enterprise_import_check(
            user=job.created_by,
            handle=handle,
            filename=job.original_name,
            progress=progress,
            origin=reverse("registry:import_detail", args=[job.pk]),
        )


@task(queue_name=settings.TASK_QUEUE_IMPORTS)
def import_check_task(job_id: int) -> None:
    """Background dry run of an uploaded file."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    progress = _cache_progress(job.pk)
    progress("checking", 0, 1)
    try:
        result = _check_job(job, progress)
    except TabularError as error:
        job.status = ImportJob.Status.INVALID
        job.error_count = 1
        job.problems = [{"row": 0, "column": "", "message": str(error), "blocking": True}]
        job.save(update_fields=["status", "error_count", "problems"])
        return
    _store_check(job, result)
    progress("checked", result.total, result.total)


def import_job_start_writing(*, user: User, job: ImportJob) -> ImportJob:
    """Queue the write of a clean, checked file (only its uploader may, only once)."""
    if job.status != ImportJob.Status.CHECKED:
        raise ValueError(_("Berkas ini belum siap disimpan."))
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
        status=ImportJob.Status.WRITING
    )
    if not updated:
        raise ValueError(_("Berkas ini sudah diproses."))
    job.status = ImportJob.Status.WRITING
    _cache_progress(job.pk)("writing", 0, job.total_rows)
    transaction.on_commit(lambda: import_write_task.enqueue(job.pk))
    return job


@task(queue_name=settings.TASK_QUEUE_IMPORTS)
def import_write_task(job_id: int) -> None:
    """Background write: checks again (the registry may have changed), then writes all or nothing."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    progress = _cache_progress(job.pk)
    result = _check_job(job, progress)
    if not result.ok:
        _store_check(job, result)
        job.message = _("Registri berubah sejak pemeriksaan; tidak ada yang disimpan.")
        job.save(update_fields=["message"])
        return
    try:
        written = enterprise_import_write(user=job.created_by, rows=result.rows, job=job, progress=progress)
    except IntegrityError:
        _fail(job, _("Data bentrok dengan perubahan lain saat disimpan; tidak ada yang disimpan."))
        return
    except Exception:
        _fail(job, _("Kesalahan sistem saat menyimpan; tidak ada yang disimpan."))
        raise
    job.status = ImportJob.Status.DONE
    job.written_rows = written
    job.finished_at = timezone.now()
    job.message = _("%(count)s usaha tersimpan.") % {"count": written}
    job.save(update_fields=["status", "written_rows", "finished_at", "message"])


def _fail(job: ImportJob, message: str) -> None:
    job.status = ImportJob.Status.FAILED
    job.message = message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "finished_at"])
