"""Import services: check a spreadsheet (dry run) and write it all or nothing, with live progress.

Progress goes to the cache, not the database, so it is visible while the writing transaction is still
open (on SQLite a second writer would wait for it).
"""

import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import IO, Any, TypedDict, Unpack

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Model, ProtectedError
from django.db.models.signals import post_save
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core import access_log, formats
from naikkelas.core.audit import audit_record
from naikkelas.core.bulk import bulk_insert
from naikkelas.core.models import AuditEvent
from naikkelas.core.tabular import Limits, Lookup, TabularError, TemplateColumn, read_rows, write_template
from naikkelas.regions.codes import RegionCodes, region_codes
from naikkelas.regions.models import Region
from naikkelas.registry import rules
from naikkelas.registry.access import districts_writable_by, enterprises_for_user, persons_for_user
from naikkelas.registry.import_check import (
    COLUMNS,
    FIGURE_COLUMNS,
    WHOLE_FILE,
    CheckResult,
    CleanRow,
    Column,
    EnterpriseRef,
    FigureChange,
    FigureCheckResult,
    Figures,
    Known,
    KnownFigures,
    Problem,
    check_figure_rows,
    check_rows,
)
from naikkelas.registry.models import Enterprise, ImportJob, MetricReport, Person, Sector, nik_digest
from naikkelas.registry.providers import ImportKind, import_kind
from naikkelas.registry.services import metric_reports

CHUNK = 500  # rows per write transaction: each holds SQLite's write lock well under a second
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


Words = Callable[[], str]  # makes a text in the active language; called once for each language


def in_every_language(words: Words) -> dict[str, str]:
    """The text `words` makes, made in each language of settings.LANGUAGES (a job's texts are stored so:
    the task runs in one language, its readers read in theirs)."""
    texts: dict[str, str] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(words())
    return texts


def _default_text(texts: dict[str, str]) -> str:
    return texts.get(settings.LANGUAGE_CODE) or next(iter(texts.values()), "")


class Said(TypedDict):
    message: str
    messages: dict[str, str]


def _said(words: Words) -> Said:
    """The job's message, in every language (and in the default one for `message`)."""
    texts = in_every_language(words)
    return {"message": _default_text(texts), "messages": texts}


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
    log_outside: bool = True,
) -> CheckResult:
    """The dry run: every problem by row and column; nothing is written but the access log, which notes
    the persons whose NIK (or business's NIB) the file named outside the user's scope. The file is read
    row by row; `origin` is what the log names as the place of the attempt (not logged again when
    `log_outside` is False: the same file checked once more for its words in another language)."""
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
    if outside and log_outside:
        access_log.record(
            user=user, person_ids=outside, purpose="match", what="import_outside_scope", path=origin
        )
    return result


def known_figures_for(user: User) -> KnownFigures:
    """The enterprises the user may write to, found by NIB or by their owner's NIK, and the figures of
    their imported reports."""
    writable = enterprises_for_user(user).filter(district__in=districts_writable_by(user))

    def by_nib(nibs: Collection[str]) -> dict[str, EnterpriseRef]:
        found = writable.filter(nib__in=list(nibs)).values_list("nib", "pk", "name")
        return {nib: EnterpriseRef(pk, name) for nib, pk, name in found}

    def by_nik(niks: Collection[str]) -> dict[str, list[EnterpriseRef]]:
        by_digest = {nik_digest(nik): nik for nik in niks}
        found = writable.filter(owner__nik_digest__in=list(by_digest)).order_by("pk")
        answer: dict[str, list[EnterpriseRef]] = {}
        for digest, pk, name in found.values_list("owner__nik_digest", "pk", "name"):
            answer.setdefault(by_digest[digest], []).append(EnterpriseRef(pk, name))
        return answer

    def imported(enterprise_ids: Collection[int]) -> dict[tuple[int, date], Figures]:
        reports = MetricReport.objects.filter(
            enterprise_id__in=list(enterprise_ids), source=MetricReport.Source.IMPORT
        ).values_list("enterprise_id", "period", "omzet", "aset", "workers")
        return {(eid, period): (omzet, aset, workers) for eid, period, omzet, aset, workers in reports}

    return KnownFigures(by_nib=by_nib, by_nik=by_nik, imported=imported)


def figures_import_check(
    *, user: User, handle: IO[bytes], filename: str, progress: Progress | None = None
) -> FigureCheckResult:
    """The dry run of new monthly figures: every problem by row and column, and the rows whose figures
    would change (old -> new); nothing is written."""
    size = {"rows": 0}

    def on_size(rows: int) -> None:
        size["rows"] = max(rows - 1, 0)

    on_row = None
    if progress is not None:
        progress("checking", 0, 0)
        on_row = lambda done: progress("checking", done, max(size["rows"], done))  # noqa: E731
    return check_figure_rows(
        _rows(handle, filename, on_size), known_figures_for(user), timezone.localdate(), on_row
    )


def figures_import_write(
    *, user: User, job: ImportJob, changes: list[dict[str, Any]], progress: Progress | None = None
) -> int:
    """Write the changes the check showed, all or nothing in one transaction, through the metric-report
    services (validated, audited, the size class kept): a month without an imported report gets one, a
    month with one gets the new figures. Returns how many were written."""
    progress = progress or (lambda stage, done, total: None)
    total = len(changes)
    note = _("Impor %(name)s") % {"name": job.original_name}
    with transaction.atomic():
        enterprises = Enterprise.objects.in_bulk([change["enterprise"] for change in changes])
        for done, change in enumerate(changes, start=1):
            enterprise = enterprises[change["enterprise"]]
            omzet, aset, workers = change["new"]
            period = date.fromisoformat(change["period"])
            report = (
                MetricReport.objects.select_for_update()
                .filter(enterprise=enterprise, period=period, source=MetricReport.Source.IMPORT)
                .first()
            )
            if report is None:
                metric_reports.metric_report_create(
                    actor=user, enterprise=enterprise, period=period, omzet=omzet, aset=aset,
                    workers=workers, source=MetricReport.Source.IMPORT, note=note,
                )  # fmt: skip
            else:
                metric_reports.metric_report_update(
                    actor=user, report=report, omzet=omzet, aset=aset, workers=workers
                )
            if done % CHUNK == 0 or done == total:
                if not _beat(job.pk, ImportJob.Status.WRITING):
                    raise ImportAbandoned
                progress("writing", done, total)
    return total


class ImportAbandoned(Exception):
    """The job was failed meanwhile (its worker was taken for dead): stop without writing more."""


def enterprise_import_write(
    *, user: User, rows: list[CleanRow], job: ImportJob, progress: Progress | None = None
) -> int:
    """Write checked rows all or nothing: owners, enterprises, their figures, and one audit entry.

    The rows go in chunks of CHUNK, each its own short transaction, so other writers (sign-ins,
    edits) get the database between chunks: on SQLite one transaction of 100,000 rows held the only write
    lock for minutes and they failed. Every row carries the job; if a chunk fails (the registry changed
    meanwhile, the database refused) the chunks already written are removed before the error goes on.
    Each chunk first renews the job's heartbeat, and stops (ImportAbandoned) if the job is no longer
    being written. The model objects, with their encrypted NIKs, are built outside the transaction.

    The audit trail holds one entry for the whole import (on the job, with the ids of every owner,
    enterprise and figure it wrote), written with the last chunk: three rows per imported row were 40 %
    of the write. Until the last chunk the rows are the job's, and go if it does not finish."""
    progress = progress or (lambda stage, done, total: None)
    total = len(rows)
    size = CHUNK
    districts = {
        district.code: region_codes(district)
        for district in Region.objects.filter(kind=Region.Kind.DISTRICT).only(
            "code", "province_code", "regency_code"
        )
    }
    note = _("Impor %(name)s") % {"name": job.original_name}
    written: dict[str, list[int]] = {"persons": [], "enterprises": [], "metric_reports": []}
    try:
        for start in range(0, total, size):
            chunk = rows[start : start + size]
            # Built before the transaction (the NIKs are encrypted here); the owners' and enterprises'
            # keys are filled in as they are inserted.
            persons = [_person(row, districts, job) for row in chunk]
            enterprises = [
                _enterprise(row, person, districts, job) for row, person in zip(chunk, persons, strict=True)
            ]
            reports = [
                MetricReport(
                    enterprise=enterprise,
                    source=MetricReport.Source.IMPORT,
                    reported_by=user,
                    note=note,
                    **row.report,  # type: ignore[arg-type]
                )
                for row, enterprise in zip(chunk, enterprises, strict=True)
            ]
            with transaction.atomic():
                if not _beat(job.pk, ImportJob.Status.WRITING):
                    raise ImportAbandoned
                bulk_insert(Person, persons, batch_size=size)
                bulk_insert(Enterprise, enterprises, batch_size=size)
                bulk_insert(MetricReport, reports, batch_size=size)
                written["persons"] += [person.pk for person in persons]
                written["enterprises"] += [enterprise.pk for enterprise in enterprises]
                written["metric_reports"] += [report.pk for report in reports]
                if start + size >= total:
                    audit_record(
                        actor=user, action=AuditEvent.Action.CREATE, instance=job,
                        changes={"import_job": job.pk, "rows": total, **written},
                    )  # fmt: skip
            progress("writing", min(start + size, total), total)
    except BaseException:
        import_job_discard_rows(job=job)
        raise
    return total


def _person(row: CleanRow, districts: dict[str, RegionCodes], job: ImportJob) -> Person:
    codes = districts[str(row.person["address_district_id"])]
    return Person(**codes, import_job=job, **row.person)  # type: ignore[arg-type]


def _enterprise(
    row: CleanRow, owner: Person, districts: dict[str, RegionCodes], job: ImportJob
) -> Enterprise:
    return Enterprise(
        owner=owner,
        **districts[str(row.enterprise["district_id"])],
        size_class=rules.size_class_for_monthly_omzet(row.report["omzet"]),  # type: ignore[arg-type]
        import_job=job,
        **row.enterprise,  # type: ignore[arg-type]
    )


def import_job_discard_rows(*, job: ImportJob) -> int:
    """Remove what an unfinished import wrote: its enterprises with their figures, its owners, and their
    audit entry, a chunk per transaction; returns how many enterprises went. Never for a finished job: its
    rows are the registry's now.

    The rows were visible while the import wrote them. A row someone has meanwhile built on (a second
    business added to an imported owner, an application) is protected by the database and stays; the
    job's message says how many (`_ending`)."""
    if job.status == ImportJob.Status.DONE:
        raise ValueError("a finished import keeps its rows")
    import_job_discard_written(job=job)
    AuditEvent.objects.filter(
        object_type=ImportJob._meta.label_lower, object_id=str(job.pk), action=AuditEvent.Action.CREATE
    ).delete()
    removed = 0
    for model in (Enterprise, Person):
        kept: set[int] = set()
        while ids := list(
            model.objects.filter(import_job=job).exclude(pk__in=kept).values_list("pk", flat=True)[:CHUNK]
        ):
            try:
                with transaction.atomic():
                    _remove(model, ids)
                gone = ids
            except ProtectedError:
                gone = []
                for pk in ids:  # find the protected ones, keep them, remove the rest
                    try:
                        with transaction.atomic():
                            _remove(model, [pk])
                        gone.append(pk)
                    except ProtectedError:
                        kept.add(pk)
            removed += len(gone) if model is Enterprise else 0
    return removed


@contextmanager
def recording_created(into: dict[str, list[int]]) -> Iterator[None]:
    """Note in `into` every row this thread creates through save() meanwhile, as {model label: [ids]}
    in the order first created (a chunk of a provided import, with the audit entries its services
    write). Rows made by bulk_create send no signal: they must go with a row noted (a cascade)."""
    thread = threading.get_ident()

    def note(sender: type[Model], instance: Model, created: bool, **kwargs: Any) -> None:
        if created and threading.get_ident() == thread:
            into.setdefault(sender._meta.label_lower, []).append(instance.pk)

    post_save.connect(note, weak=False, dispatch_uid=f"import-recording-{thread}")
    try:
        yield
    finally:
        post_save.disconnect(dispatch_uid=f"import-recording-{thread}")


def import_job_note_written(*, job: ImportJob, chunk: dict[str, list[int]]) -> list[list[Any]]:
    """Add a chunk's rows to what the job has written; call inside the chunk's transaction, so the job
    names exactly the rows committed. Stored as [[label, [ids]], ...] in the order first created, not
    as an object: PostgreSQL's jsonb does not keep the order of an object's keys, and the removal needs
    it (the last made goes first). Returns the new whole."""
    whole = {label: list(ids) for label, ids in job.written}
    for label, ids in chunk.items():
        whole.setdefault(label, []).extend(ids)
    job.written = [[label, ids] for label, ids in whole.items()]
    ImportJob.objects.filter(pk=job.pk).update(written=job.written)
    return job.written


def import_job_discard_written(*, job: ImportJob) -> int:
    """Remove the rows an unfinished chunked write committed (`ImportJob.written`), the last made
    first, a model per transaction; returns how many went. A row someone built on meanwhile is
    protected by the database and stays."""
    written = ImportJob.objects.filter(pk=job.pk).values_list("written", flat=True).first() or []
    removed = 0
    for label, ids in reversed(written):
        model = apps.get_model(label)
        for start in range(0, len(ids), CHUNK):
            part = ids[start : start + CHUNK]
            try:
                with transaction.atomic():
                    removed += model.objects.filter(pk__in=part).delete()[1].get(label_of(model), 0)
            except ProtectedError:
                for pk in part:
                    try:
                        with transaction.atomic():
                            removed += model.objects.filter(pk=pk).delete()[1].get(label_of(model), 0)
                    except ProtectedError:
                        pass
    ImportJob.objects.filter(pk=job.pk).update(written=[])
    job.written = []
    return removed


def label_of(model: type[Model]) -> str:
    return model._meta.label


def _remove(model: Any, ids: list[int]) -> None:
    if model is Enterprise:
        MetricReport.objects.filter(enterprise_id__in=ids).delete()
    model.objects.filter(pk__in=ids).delete()


def _ending(job: ImportJob, message: Words) -> Words:
    """The failure message, and what could not be taken back (see import_job_discard_rows)."""
    left = Enterprise.objects.filter(import_job=job).count() + Person.objects.filter(import_job=job).count()
    if not left:
        return message
    return lambda: (
        message()
        + " "
        + ngettext(
            "Kecuali %(count)s data yang sudah dipakai di tempat lain selama penyimpanan; periksa di registri.",
            "Kecuali %(count)s data yang sudah dipakai di tempat lain selama penyimpanan; periksa di registri.",
            left,
        )
        % {"count": left}
    )


# The job flow used by the page: upload -> check task -> (if clean) write task. Each step moves the job
# from one status to the next only if it is still in the first (a compare-and-set UPDATE), so a job
# failed by the stale-job sweep stays failed even if its worker was only slow.


def _beat(job_id: int, status: str) -> bool:
    """The worker is alive: renew the heartbeat of a job still in `status`; False if it is not."""
    return ImportJob.objects.filter(pk=job_id, status=status).update(heartbeat_at=timezone.now()) == 1


class JobFields(TypedDict, total=False):
    """What a step of the job flow writes on the job (its bookkeeping, not audited: the job is the record)."""

    status: str
    total_rows: int
    error_count: int
    warning_count: int
    problems: list[dict[str, Any]]
    changes: list[dict[str, Any]]
    message: str
    messages: dict[str, str]
    written_rows: int
    finished_at: datetime | None
    heartbeat_at: datetime | None


def _move(job: ImportJob, from_status: str, **fields: Unpack[JobFields]) -> bool:
    """Set the fields (the new status among them) if the job is still in `from_status`: a compare-and-set
    UPDATE (not `model_update`: the job's own bookkeeping, no audit diff), then the same values on the
    instance in hand."""
    if not ImportJob.objects.filter(pk=job.pk, status=from_status).update(**fields):
        return False
    for name, value in fields.items():
        setattr(job, name, value)
    return True


def _job_progress(job: ImportJob, status: str) -> Progress:
    """Progress to the cache for the page, and a heartbeat to the job for the stale-job sweep."""
    to_cache = _cache_progress(job.pk)

    def report(stage: str, done: int, total: int) -> None:
        to_cache(stage, done, total)
        if stage == "checking" and not _beat(job.pk, status):
            raise ImportAbandoned

    return report


def import_job_create(
    *, user: User, upload: UploadedFile, kind: str = ImportJob.Kind.ENTERPRISES
) -> ImportJob:
    """Store the upload and queue its check; refuses other file types, empty and oversized files."""
    name = upload.name or "berkas"
    if not name.lower().endswith((".xlsx", ".csv")):
        raise TabularError(_("Hanya berkas .xlsx atau .csv yang dapat diimpor."))
    if not upload.size:
        raise TabularError(_("Berkas ini kosong; isi templat lalu unggah lagi."))
    if upload.size > MAX_FILE_BYTES:
        raise TabularError(_("Berkas lebih dari 50 MB; bagi menjadi beberapa berkas."))
    job = ImportJob(created_by=user, original_name=name[:200], kind=ImportJob.Kind(kind))
    job.file.save(name, upload, save=False)
    job.save()
    transaction.on_commit(lambda: import_check_task.enqueue(job.pk))
    return job


def _check_fields(job: ImportJob, result: CheckResult, **more: Unpack[JobFields]) -> JobFields:
    """What a check's result writes on the job, with `more` (a message, the end)."""
    fields: JobFields = {
        **more,
        "total_rows": result.total,
        "error_count": result.error_count,
        "warning_count": result.warning_count,
        "problems": _problems_json(job, result.problems),
        "status": ImportJob.Status.CHECKED if result.ok else ImportJob.Status.INVALID,
    }
    if isinstance(result, FigureCheckResult):
        fields["changes"] = _changes_json(result.changes)
    return fields


def _changes_json(changes: list[FigureChange]) -> list[dict[str, Any]]:
    return [change.as_json() for change in changes]


def _unreadable_fields(job: ImportJob, error: TabularError, **more: Unpack[JobFields]) -> JobFields:
    return {
        **more,
        "status": ImportJob.Status.INVALID,
        "error_count": 1,
        "problems": _problems_json(job, [_unreadable(error)]),
    }


def _unreadable(error: TabularError) -> Problem:
    return Problem(WHOLE_FILE, "", str(error))


def _problems_json(job: ImportJob, problems: list[Problem]) -> list[dict[str, Any]]:
    """The kept problems, each with its text in every language of settings.LANGUAGES ("messages").

    The rules' messages are made as they are found, in the active language (the validators are shared
    with the pages and the API), so the words of another language come from checking the file once more
    with that language active: only when it has problems (a clean file costs nothing more), without the
    access log (the first check wrote it). If the registry changed between the two checks and they found
    other problems, that language shows the first check's words rather than another row's."""
    kept = problems[:KEPT_PROBLEMS]
    texts: list[dict[str, str]] = [{} for _problem in kept]
    active = get_language()
    for code, _name in settings.LANGUAGES if kept else ():
        again = kept if code == active else _problems_in(job, code)[:KEPT_PROBLEMS]
        if [_where(problem) for problem in again] != [_where(problem) for problem in kept]:
            again = kept
        for text, problem in zip(texts, again, strict=True):
            text[code] = problem.message
    return [
        {
            "row": problem.row,
            "column": problem.column,
            "message": texts[index].get(settings.LANGUAGE_CODE, problem.message),
            "messages": texts[index],
            "blocking": problem.blocking,
        }
        for index, problem in enumerate(kept)
    ]


def _where(problem: Problem) -> tuple[int, str, bool]:
    return problem.row, problem.column, problem.blocking


def _problems_in(job: ImportJob, language: str) -> list[Problem]:
    """The job's file checked again with `language` active, renewing the heartbeat as the first check."""
    status = job.status

    def beat(stage: str, done: int, total: int) -> None:
        if not _beat(job.pk, status):
            raise ImportAbandoned

    with translation.override(language):
        try:
            return _check_job(job, beat, log_outside=False).problems
        except TabularError as error:
            return [_unreadable(error)]


def provided_import_check(
    *, provided: ImportKind, user: User, handle: IO[bytes], filename: str, progress: Progress | None = None
) -> CheckResult:
    """The dry run of an import another app provides (`providers.import_kinds`): the file read here, the
    rows checked by that app; nothing is written."""
    size = {"rows": 0}

    def on_size(rows: int) -> None:
        size["rows"] = max(rows - 1, 0)

    on_row = None
    if progress is not None:
        progress("checking", 0, 0)
        on_row = lambda done: progress("checking", done, max(size["rows"], done))  # noqa: E731
    return provided.check(user, _rows(handle, filename, on_size), timezone.localdate(), on_row)


def _check_job(job: ImportJob, progress: Progress | None = None, *, log_outside: bool = True) -> CheckResult:
    provided = import_kind(job.kind)
    with job.file.open("rb") as handle:
        if provided is not None:
            return provided_import_check(
                provided=provided, user=job.created_by, handle=handle, filename=job.original_name,
                progress=progress,
            )  # fmt: skip
        if job.kind == ImportJob.Kind.FIGURES:
            return figures_import_check(
                user=job.created_by, handle=handle, filename=job.original_name, progress=progress
            )
        return enterprise_import_check(
            user=job.created_by,
            handle=handle,
            filename=job.original_name,
            progress=progress,
            origin=reverse("registry:import_detail", args=[job.pk]),
            log_outside=log_outside,
        )


@task(queue_name=settings.TASK_QUEUE_IMPORTS)
def import_check_task(job_id: int) -> None:
    """Background dry run of an uploaded file."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not _beat(job.pk, ImportJob.Status.CHECKING):
        return  # failed meanwhile
    progress = _job_progress(job, ImportJob.Status.CHECKING)
    progress("checking", 0, 1)
    try:
        try:
            result = _check_job(job, progress)
        except TabularError as error:
            _move(job, ImportJob.Status.CHECKING, **_unreadable_fields(job, error))
            return
        fields = _check_fields(job, result)
    except ImportAbandoned:
        return
    _move(job, ImportJob.Status.CHECKING, **fields)
    _cache_progress(job.pk)("checked", result.total, result.total)


def import_job_start_writing(*, user: User, job: ImportJob) -> ImportJob:
    """Queue the write of a clean, checked file (only its uploader may, only once)."""
    if job.status != ImportJob.Status.CHECKED:
        raise ValueError(_("Berkas ini belum siap disimpan."))
    if job.kind == ImportJob.Kind.FIGURES and not job.changes:
        raise ValueError(_("Tidak ada angka yang berubah; tidak ada yang perlu disimpan."))
    if not _move(job, ImportJob.Status.CHECKED, status=ImportJob.Status.WRITING, heartbeat_at=None):
        raise ValueError(_("Berkas ini sudah diproses."))
    _cache_progress(job.pk)("writing", 0, job.total_rows)
    transaction.on_commit(lambda: import_write_task.enqueue(job.pk))
    return job


@task(queue_name=settings.TASK_QUEUE_IMPORTS)
def import_write_task(job_id: int) -> None:
    """Background write: checks again (the registry may have changed), then writes all or nothing."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not _beat(job.pk, ImportJob.Status.WRITING):
        return  # failed meanwhile
    progress = _job_progress(job, ImportJob.Status.WRITING)
    try:
        try:
            result = _check_job(job, progress)
        except TabularError as error:
            _move(job, ImportJob.Status.WRITING, **_unreadable_fields(job, error, finished_at=timezone.now()))
            return
        if not result.ok:
            changed = _said(lambda: _("Registri berubah sejak pemeriksaan; tidak ada yang disimpan."))
            _move(job, ImportJob.Status.WRITING, **_check_fields(job, result, **changed))
            return
    except ImportAbandoned:
        return
    if isinstance(result, FigureCheckResult):
        import_job_write_figures(job=job, result=result, progress=progress)
        return
    provided = import_kind(job.kind)
    if provided is not None:
        import_job_write_provided(job=job, provided=provided, result=result, progress=progress)
        return
    import_job_write(job=job, rows=result.rows, progress=progress)


def import_job_write_figures(
    *, job: ImportJob, result: FigureCheckResult, progress: Progress | None = None
) -> ImportJob:
    """Write the changes shown (the job's), if a fresh check `result` still gives the same ones;
    otherwise show the new ones and write nothing (the admin approves what she saw, never something
    else). The page's write task and the import command both end here."""
    if _changes_json(result.changes) != job.changes:
        changed = _said(
            lambda: _(
                "Angka di registri berubah sejak pemeriksaan; tidak ada yang disimpan. "
                "Periksa lagi perubahan di bawah, lalu simpan."
            )
        )
        try:
            _move(job, ImportJob.Status.WRITING, **_check_fields(job, result, **changed))
        except ImportAbandoned:
            job.refresh_from_db()
        return job
    return _write_and_record(
        job,
        lambda: figures_import_write(user=job.created_by, job=job, changes=job.changes, progress=progress),
        lambda written: (
            ngettext("%(count)s laporan angka tersimpan.", "%(count)s laporan angka tersimpan.", written)
            % {"count": written}
        ),
    )


def _write_and_record(job: ImportJob, write: Callable[[], int], done: Callable[[int], str]) -> ImportJob:
    """Run a job's `write` and record how it ended: done with the `done(count)` message; failed with
    nothing written when a rule or the database refused (the reason said); left as the sweep failed it
    when it stopped (ImportAbandoned); failed and raised on anything else."""
    try:
        written = write()
    except ImportAbandoned:
        job.refresh_from_db()
        return job
    except (IntegrityError, ValidationError) as error:
        _fail(job, _nothing_written(error))
        return job
    except Exception:
        _fail(job, lambda: _("Kesalahan sistem saat menyimpan; tidak ada yang disimpan."))
        raise
    _move(
        job,
        ImportJob.Status.WRITING,
        status=ImportJob.Status.DONE,
        written_rows=written,
        finished_at=timezone.now(),
        **_said(lambda: done(written)),
    )
    return job


def _nothing_written(error: IntegrityError | ValidationError) -> Words:
    """The failure of a write the database or a validator refused, with the validator's reason."""

    def words() -> str:
        reason = " ".join(error.messages) if isinstance(error, ValidationError) else ""
        return " ".join([_("Tidak ada yang disimpan."), reason]).strip()

    return words


def import_job_write_provided(
    *, job: ImportJob, provided: ImportKind, result: CheckResult, progress: Progress | None = None
) -> ImportJob:
    """Write a fresh, clean check of a provided import through its app, all or nothing, and record how
    it ended. The app writes in chunks, noting each chunk's rows on the job (`recording_created`,
    `import_job_note_written`) and removing them if a later one fails; before each chunk it renews the
    job's heartbeat through `progress`, which stops it (ImportAbandoned) if the job was failed meanwhile."""
    to_page = progress or (lambda stage, done, total: None)

    def beating(stage: str, done: int, total: int) -> None:
        if not _beat(job.pk, ImportJob.Status.WRITING):
            raise ImportAbandoned
        to_page(stage, done, total)

    return _write_and_record(job, lambda: provided.write(job, result, beating), provided.done)


def import_job_write(*, job: ImportJob, rows: list[CleanRow], progress: Progress | None = None) -> ImportJob:
    """Write the checked rows of a job being written and record how it ended: done, or failed with
    nothing written (the page's write task and the import command both end here)."""
    try:
        written = enterprise_import_write(user=job.created_by, rows=rows, job=job, progress=progress)
    except ImportAbandoned:
        job.refresh_from_db()
        return job
    except IntegrityError:
        _fail(job, lambda: _("Data bentrok dengan perubahan lain saat disimpan; tidak ada yang disimpan."))
        return job
    except Exception:
        _fail(job, lambda: _("Kesalahan sistem saat menyimpan; tidak ada yang disimpan."))
        raise
    done = _move(
        job,
        ImportJob.Status.WRITING,
        status=ImportJob.Status.DONE,
        written_rows=written,
        finished_at=timezone.now(),
        **_said(lambda: _("%(count)s usaha tersimpan.") % {"count": written}),
    )
    if not done:  # failed by the sweep after the last chunk: its rows go with it
        import_job_discard_rows(job=job)
        job.refresh_from_db()
    return job


def import_job_open(
    *, user: User, name: str, rows: int, changes: FigureCheckResult | None = None, kind: str = ""
) -> ImportJob:
    """A job for rows checked outside the page (the import command, the demo), ready to be written; for
    new figures, with the changes that check found (`changes`); `kind` for a provided import."""
    return ImportJob.objects.create(
        created_by=user,
        original_name=name[:200],
        kind=kind or (ImportJob.Kind.FIGURES if changes is not None else ImportJob.Kind.ENTERPRISES),
        changes=_changes_json(changes.changes) if changes is not None else [],
        status=ImportJob.Status.WRITING,
        total_rows=rows,
        heartbeat_at=timezone.now(),
    )


def _fail(job: ImportJob, message: Words) -> None:
    _move(
        job,
        ImportJob.Status.WRITING,
        status=ImportJob.Status.FAILED,
        **_said(_ending(job, message)),
        finished_at=timezone.now(),
    )


# A worker that dies (killed, out of memory, the machine restarted) leaves its job busy for ever, and
# django-tasks-db does not run a RUNNING task again. A busy job whose heartbeat is older than this was
# lost: the worker beats every 1,000 rows checked and every chunk written, seconds apart (the longest gap
# measured, checking a 100,000-row file on a loaded machine, was 4.4 s; IMPORT_STALE_MINUTES is 5). A job
# still waiting in the queue has no heartbeat and is never failed for waiting.


def stale_after() -> timedelta:
    return timedelta(minutes=settings.IMPORT_STALE_MINUTES)


def import_job_fail_if_stale(*, job: ImportJob, now: datetime | None = None) -> bool:
    """Fail a busy job whose worker stopped beating, removing what it wrote; True if it was failed."""
    now = now or timezone.now()
    status = job.status
    if status not in (ImportJob.Status.CHECKING, ImportJob.Status.WRITING):
        return False
    minutes = settings.IMPORT_STALE_MINUTES

    def message() -> str:
        if status == ImportJob.Status.CHECKING:
            return _(
                "Pemeriksaan terhenti: proses latar belakang tidak bekerja lagi selama %(minutes)s menit. "
                "Tidak ada yang disimpan; unggah berkas ini lagi."
            ) % {"minutes": minutes}
        return _(
            "Penyimpanan terhenti: proses latar belakang tidak bekerja lagi selama %(minutes)s menit. "
            "Tidak ada yang disimpan; unggah berkas ini lagi."
        ) % {"minutes": minutes}

    failed = ImportJob.objects.filter(pk=job.pk, status=status, heartbeat_at__lt=now - stale_after()).update(
        status=ImportJob.Status.FAILED, finished_at=now, **_said(message)
    )
    if not failed:
        return False
    if status == ImportJob.Status.WRITING:
        import_job_discard_rows(job=job)
        ImportJob.objects.filter(pk=job.pk).update(**_said(_ending(job, message)))
    job.refresh_from_db()
    return True


def import_jobs_fail_stale(*, now: datetime | None = None) -> int:
    """The periodic sweep (naikkelas tick): fail every busy job whose worker died."""
    now = now or timezone.now()
    stale = ImportJob.objects.filter(
        status__in=[ImportJob.Status.CHECKING, ImportJob.Status.WRITING],
        heartbeat_at__lt=now - stale_after(),
    )
    return sum(import_job_fail_if_stale(job=job, now=now) for job in stale)


# The templates -----------------------------------------------------------------------------------------

TEMPLATE_RULE_MESSAGES = {
    "list": gettext_lazy("Pilih dari daftar (lihat lembar di belakang)."),
    "whole": gettext_lazy("Isi bilangan bulat, tidak negatif."),
    "date": gettext_lazy("Isi tanggal, misalnya 2020-08-03."),
    "month": gettext_lazy("Isi bulan, misalnya 2020-06."),
}  # shown by the spreadsheet program as a cell is typed; in Indonesian, as the template


def template_columns(columns: list[Column], rules: dict[str, dict[str, Any]]) -> list[TemplateColumn]:
    """The import's columns with the spreadsheet's check of each (`rules` by column key; text when absent)."""
    return [
        TemplateColumn(
            column.header, **rules.get(column.key, {}),
            message=str(TEMPLATE_RULE_MESSAGES.get(rules.get(column.key, {}).get("rule", "text"), "")),
        )
        for column in columns
    ]  # fmt: skip


def sector_lookup() -> Lookup:
    """The Sektor sheet: the words the check reads as a sector (registry.import_check.SECTOR_WORDS)."""
    return Lookup("Sektor", ["Sektor"], [[str(label)] for label in Sector.labels])


def district_lookup(*, user: User) -> Lookup:
    """The Kecamatan sheet: the districts the user may write in, with their regency or city."""
    districts = (
        districts_writable_by(user)
        .select_related("parent")
        .order_by("code")
        .values_list("code", "name", "parent__name")
    )
    return Lookup("Kecamatan", ["Kode", "Kecamatan", "Kabupaten/Kota"], [list(row) for row in districts])


_FIGURE_RULES: dict[str, dict[str, Any]] = {
    "period": {"rule": "month"}, "omzet": {"rule": "whole"}, "aset": {"rule": "whole"}, "workers": {"rule": "whole"},
}  # fmt: skip


def enterprise_import_template(*, user: User) -> bytes:
    """The new-enterprise template: the columns with the spreadsheet's checks, the example row (which the
    check refuses) and the Sektor and Kecamatan sheets the lists and the check's messages point to."""
    with translation.override("id"):  # the template is Indonesian, as the import reads it
        rules: dict[str, dict[str, Any]] = {
            "sex": {"rule": "list", "choices": ["L", "P"]},
            "birth_date": {"rule": "date", "earliest": date(1900, 1, 1)},
            "address_district": {"rule": "list", "lookup": "Kecamatan"},
            "kbli_version": {"rule": "list", "choices": ["2020", "2025"]},
            "sector": {"rule": "list", "lookup": "Sektor"},
            "district": {"rule": "list", "lookup": "Kecamatan"},
            "started_on": {"rule": "date", "earliest": date(1900, 1, 1)},
            **_FIGURE_RULES,
        }
        example = [column.example for column in COLUMNS]
        lookups = [sector_lookup(), district_lookup(user=user)]
        return write_template("Templat", template_columns(COLUMNS, rules), [example], lookups)


def figures_import_template(*, user: User) -> bytes:
    """The monthly-figures template: the columns with the spreadsheet's checks and the example row (which
    the check refuses). It names enterprises by NIB or NIK, so it needs no lookup sheet."""
    with translation.override("id"):
        example = [column.example for column in FIGURE_COLUMNS]
        return write_template("Templat", template_columns(FIGURE_COLUMNS, _FIGURE_RULES), [example])
