"""Import services: check a spreadsheet (dry run) and write it all or nothing, with live progress.

Progress goes to the cache, not the database, so it is visible while the writing transaction is still
open (on SQLite a second writer would wait for it).
"""

from collections.abc import Callable, Iterable
from typing import IO, Any

from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.models import AuditEvent
from naikkelas.regions.models import Region
from naikkelas.registry import rules
from naikkelas.registry.access import districts_writable_by
from naikkelas.registry.importer import CheckResult, CleanRow, Known, Problem, check_rows
from naikkelas.registry.models import Enterprise, ImportJob, MetricReport, Person, nik_digest
from naikkelas.registry.nik import normalise_nik
from naikkelas.registry.tabular import TabularError, read_rows

CHUNK = 2000
MAX_FILE_BYTES = 50 * 1024 * 1024
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


def read_table(handle: IO[bytes], filename: str) -> list[list[str]]:
    """All rows of the file; TabularError with an Indonesian message when it cannot be read."""
    try:
        return list(read_rows(handle, filename))
    except TabularError as error:
        if str(error) == "unsupported":
            raise TabularError(_("Hanya berkas .xlsx atau .csv yang dapat diimpor.")) from None
        raise TabularError(
            _("Berkas tidak dapat dibaca sebagai spreadsheet; simpan ulang sebagai .xlsx atau .csv.")
        ) from None


def known_for(user: User, table: list[list[str]]) -> Known:
    """The region codes, the user's writable districts and the NIKs/NIBs of the file already registered."""
    regencies = set(Region.objects.filter(kind=Region.Kind.REGENCY).values_list("code", flat=True))
    districts = {
        code: (province, regency)
        for code, province, regency in Region.objects.filter(kind=Region.Kind.DISTRICT).values_list(
            "code", "province_code", "regency_code"
        )
    }
    writable = set(districts_writable_by(user).values_list("code", flat=True))
    candidates_nik = {
        normalise_nik(cell) for row in table[1:] for cell in row if len(normalise_nik(cell)) == 16
    }
    candidates_nib = {cell.strip() for row in table[1:] for cell in row if len(cell.strip()) == 13}
    return Known(
        regencies=regencies,
        districts=set(districts),
        writable_district=writable.__contains__,
        existing_niks=_existing_niks(candidates_nik),
        existing_nibs=_existing(Enterprise, "nib", candidates_nib),
    )


def _existing_niks(values: set[str]) -> set[str]:
    """The NIKs among `values` already registered, found by their keyed hash."""
    by_digest = {nik_digest(nik): nik for nik in values}
    return {by_digest[digest] for digest in _existing(Person, "nik_digest", set(by_digest))}


def _existing(model: Any, field: str, values: set[str]) -> set[str]:
    found: set[str] = set()
    ordered = sorted(values)
    for start in range(0, len(ordered), 5000):
        chunk = ordered[start : start + 5000]
        found.update(model.objects.filter(**{f"{field}__in": chunk}).values_list(field, flat=True))
    return found


def enterprise_import_check(
    *, user: User, handle: IO[bytes], filename: str, progress: Progress | None = None
) -> CheckResult:
    """The dry run: every problem by row and column; nothing is written."""
    table = read_table(handle, filename)
    total = max(len(table) - 1, 0)
    on_row = None
    if progress is not None:
        progress("checking", 0, total)
        on_row = lambda done: progress("checking", done, total)  # noqa: E731
    return check_rows(table, known_for(user, table), timezone.localdate(), on_row)


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
            user=job.created_by, handle=handle, filename=job.original_name, progress=progress
        )


@task()
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


@task()
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
