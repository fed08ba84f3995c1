"""The history import: past batches with their participants, days attended, graduation and figures,
brought in from an office's spreadsheets so the cohort report covers the years before the system.

It runs as a kind of the registry's import jobs (registered in `training.apps` through
`registry.providers.import_kinds`): the registry reads the file and keeps the job, `training.history`
checks the rows, and `history_import_write` writes a clean file all or nothing, each record through its
own app's services: the year's program and levels (`programs`), the batches, the owners, businesses and
figures (`registry`), the applications (`selection`), enrolments and attendance (here), graduations
(`training.services.graduation`, their one writer).
"""

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from naikkelas.accounts.models import Organisation, User
from naikkelas.core.audit import audit_record
from naikkelas.core.formats import long_date
from naikkelas.core.models import AuditEvent
from naikkelas.core.tabular import Lookup, write_template
from naikkelas.programs.models import Batch, Level, Program
from naikkelas.programs.services.batches import batch_record_past
from naikkelas.programs.services.programs import program_for_past_year
from naikkelas.regions.models import Region
from naikkelas.registry.access import districts_writable_by, enterprises_for_user, persons_for_user
from naikkelas.registry.import_check import CheckResult
from naikkelas.registry.models import Enterprise, ImportJob, MetricReport, Person, nik_digest
from naikkelas.registry.providers import ImportKind
from naikkelas.registry.services import enterprises, imports, metric_reports, persons
from naikkelas.selection.models import Application
from naikkelas.selection.services.applications import application_record_past
from naikkelas.training import access
from naikkelas.training.history import (
    COLUMNS,
    HistoryCheckResult,
    HistoryRow,
    KnownHistory,
    LevelInfo,
    Office,
    Registered,
    check_history_rows,
    template_example,
)
from naikkelas.training.models import Attendance, Enrolment
from naikkelas.training.services.graduation import enrolment_graduation_record, evaluate

# Rows per write transaction: at ~20 rows/s on SQLite a chunk holds the write lock about a second.
CHUNK = 25


def _levels(program: Program) -> dict[int, Level]:
    """The current version of each rank of a program's levels."""
    found: dict[int, Level] = {}
    for level in program.levels.order_by("rank", "version"):
        found[level.rank] = level
    return found


def _info(level: Level) -> LevelInfo:
    return LevelInfo(level.rank, level.name, level.tier, level.duration_days, level.min_days_attended)


def province_centre_of(offices: Iterable[Office]) -> Organisation | None:
    """The training centre of the province the offices are in (whose programs hold the batches)."""
    provinces = {office.region[:2] for office in offices}
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.PROVINCE_CENTRE, region__code__in=provinces
        ).select_related("region").order_by("pk").first()
    )  # fmt: skip


def reference_program(centre: Organisation | None) -> Program | None:
    """The province's latest program: a past year without a program takes its levels."""
    if centre is None:
        return None
    return Program.objects.filter(owner=centre).order_by("-year", "-pk").first()


def known_history_for(user: User) -> KnownHistory:
    """What the check needs, read for this user: her writable districts, the offices she may import for,
    the levels of each year, and lookups of the registry and of earlier seats."""
    regencies = set(Region.objects.filter(kind=Region.Kind.REGENCY).values_list("code", flat=True))
    districts = set(Region.objects.filter(kind=Region.Kind.DISTRICT).values_list("code", flat=True))
    writable = set(districts_writable_by(user).values_list("code", flat=True))
    offices = {
        org.region.code: Office(org.pk, org.kind, org.region.code)
        for org in access.history_offices_for_user(user)
        if org.region is not None
    }
    own = access.own_office_for_history(user)
    centre = province_centre_of(offices.values())
    reference = reference_program(centre)
    by_year: dict[int, dict[int, LevelInfo]] = {}

    def levels_of_year(year: int) -> dict[int, LevelInfo]:
        if year not in by_year:
            program = (
                Program.objects.filter(owner=centre, year=year).order_by("pk").first() if centre else None
            )
            source = program or reference
            by_year[year] = {rank: _info(level) for rank, level in _levels(source).items()} if source else {}
        return by_year[year]

    def registered_persons(niks: Collection[str]) -> dict[str, Registered]:
        by_digest = {nik_digest(nik): nik for nik in niks}
        found = dict(Person.objects.filter(nik_digest__in=list(by_digest)).values_list("nik_digest", "pk"))
        visible = set(persons_for_user(user).filter(pk__in=found.values()).values_list("pk", flat=True))
        return {by_digest[digest]: Registered(pk, pk in visible) for digest, pk in found.items()}

    def registered_enterprises(nibs: Collection[str]) -> dict[str, Registered]:
        found = list(Enterprise.objects.filter(nib__in=list(nibs)).values_list("pk", "nib", "owner_id"))
        visible = set(
            enterprises_for_user(user)
            .filter(pk__in=[pk for pk, _n, _o in found])
            .values_list("pk", flat=True)
        )
        return {nib: Registered(pk, pk in visible, owner) for pk, nib, owner in found}

    def seats(niks: Collection[str]) -> dict[str, set[tuple[int, int]]]:
        by_digest = {nik_digest(nik): nik for nik in niks}
        live = Application.objects.filter(person__nik_digest__in=list(by_digest)).exclude(
            status=Application.Status.WITHDRAWN
        )
        answer: dict[str, set[tuple[int, int]]] = {}
        for digest, year, rank in live.values_list(
            "person__nik_digest", "level__program__year", "level__rank"
        ):
            answer.setdefault(by_digest[digest], set()).add((year, rank))
        return answer

    return KnownHistory(
        regencies=regencies,
        districts=districts,
        writable_district=writable.__contains__,
        levels_of_year=levels_of_year,
        offices=offices,
        own_office=own.region.code if own is not None and own.region is not None else None,
        persons=registered_persons,
        enterprises=registered_enterprises,
        seats=seats,
    )


def history_import_check(
    user: User, rows: Iterable[list[str]], today: date, progress: Callable[[int], None] | None = None
) -> HistoryCheckResult:
    """The dry run: every problem by row and column; nothing is written."""
    return check_history_rows(rows, known_history_for(user), today, progress)


def history_import_write(
    job: ImportJob, result: CheckResult, progress: Callable[[str, int, int], None]
) -> int:
    """Write a clean check's rows all or nothing, CHUNK rows per transaction, and return how many.

    One transaction for the whole file held SQLite's only write lock for minutes (5,000 rows, ~10 min),
    and everybody else's saves failed meanwhile; so each chunk is its own short transaction, and every
    row it creates (through each app's services, with their audit entries) is noted on the job with the
    chunk (`ImportJob.written`). If a later chunk fails (a rule of one of the services, the registry
    changed meanwhile, the job was failed by the sweep) the chunks already written are removed before
    the error goes on, as the stale-job sweep removes them when the worker dies. `progress` is called
    before each chunk: it renews the job's heartbeat and stops the write (ImportAbandoned) if the job was
    failed meanwhile."""
    assert isinstance(result, HistoryCheckResult)
    user = job.created_by
    rows = result.history
    total = len(rows)
    state = _Writing(
        user=user, note=_("Impor riwayat %(name)s") % {"name": job.original_name}, regions=_regions(rows)
    )
    try:
        for start in range(0, total, CHUNK):
            progress("writing", start, total)
            chunk: dict[str, list[int]] = {}
            with transaction.atomic(), imports.recording_created(chunk):
                if start == 0:
                    state.batches = _batches(user, rows)
                attendance: list[Attendance] = []
                for row in rows[start : start + CHUNK]:
                    attendance += _write_row(state, row)
                Attendance.objects.bulk_create(attendance, batch_size=1000)  # go with their enrolments
                state.attendance += len(attendance)
                if start + CHUNK >= total:
                    audit_record(
                        actor=user, action=AuditEvent.Action.CREATE, instance=job,
                        changes={"import_job": job.pk, "rows": total,
                                 "batches": sorted(b.pk for b in state.batches.values()),
                                 "attendance": state.attendance, **state.written},
                    )  # fmt: skip
                imports.import_job_note_written(job=job, chunk=chunk)
        progress("writing", total, total)
    except BaseException:
        imports.import_job_discard_written(job=job)
        raise
    return total


@dataclass
class _Writing:
    """What the chunks of one history write share: the batches, the owners and businesses already
    written or found, the regions the rows name, and the ids for the job's audit entry."""

    user: User
    note: str
    regions: dict[str, Region]
    batches: dict[tuple[int, int, str, date], Batch] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    businesses: dict[tuple[int, str], Enterprise] = field(default_factory=dict)
    new: "_Made" = field(default_factory=lambda: _Made())  # what this import created: nothing to look up
    written: dict[str, list[int]] = field(default_factory=lambda: {"applications": [], "enrolments": []})
    attendance: int = 0


def _regions(rows: list[HistoryRow]) -> dict[str, Region]:
    """The districts the rows name (owners' addresses, businesses), read once for the whole file."""
    codes = {str(row.person["address_district"]) for row in rows} | {
        str(row.enterprise["district"]) for row in rows
    }
    return {region.code: region for region in Region.objects.filter(code__in=codes)}


def _write_row(state: _Writing, row: HistoryRow) -> list[Attendance]:
    """One participant of a past batch: owner, business, baseline, application, enrolment, graduation
    and follow-up, each through its service; returns her attendance marks to insert with the chunk."""
    user, new = state.user, state.new
    batch = state.batches[row.batch]
    person = state.people.get(row.nik) or _person(user, row, new, state.regions)
    state.people[row.nik] = person
    enterprise = _enterprise(user, row, person, state.businesses, new, state.regions)
    baseline = _report(user, enterprise, MetricReport.Source.APPLICATION, row.baseline, state.note, new)
    application = application_record_past(
        actor=user, batch=batch, enterprise=enterprise, person=person, baseline=baseline
    )
    enrolment = Enrolment.objects.create(batch=batch, application=application)
    days = [batch.start_date + timedelta(days=n) for n in range((batch.end_date - batch.start_date).days + 1)]
    criteria = evaluate(
        days_present=row.days, min_days=batch.level.min_days_attended, assignments_passed=0,
        assignments_total=0, min_percent=batch.level.min_assignments_passed_percent,
    )  # fmt: skip
    enrolment_graduation_record(actor=user, enrolment=enrolment, criteria=criteria, graduated=row.graduated)
    if row.followup is not None:
        _report(user, enterprise, MetricReport.Source.FOLLOW_UP, row.followup, state.note, new)
    state.written["applications"].append(application.pk)
    state.written["enrolments"].append(enrolment.pk)
    return [
        Attendance(enrolment=enrolment, date=day, present=index < row.days, marked_by=user)
        for index, day in enumerate(days)
    ]


def _batches(user: User, rows: list[HistoryRow]) -> dict[tuple[int, int, str, date], Batch]:
    """Each batch the rows name: the one held already (same level, organiser and start date), else a
    past batch recorded now, in the province's program of that year (copied from its latest when none)."""
    offices = Organisation.objects.select_related("region").in_bulk({row.office_id for row in rows})
    centre = province_centre_of(
        Office(o.pk, o.kind, o.region.code) for o in offices.values() if o.region is not None
    )
    reference = reference_program(centre)
    if centre is None or reference is None:
        raise ValidationError(
            _("Provinsi ini belum punya program; buat program dulu, lalu impor riwayatnya.")
        )
    sizes: dict[tuple[int, int, str, date], int] = {}
    office_of: dict[tuple[int, int, str, date], int] = {}
    for row in rows:
        sizes[row.batch] = sizes.get(row.batch, 0) + 1
        office_of[row.batch] = row.office_id
    found: dict[tuple[int, int, str, date], Batch] = {}
    for key in sorted(sizes):
        year, rank, _region, start = key
        program = program_for_past_year(actor=user, owner=centre, year=year, reference=reference)
        level = _levels(program).get(rank)
        if level is None:
            raise ValidationError(
                _("Program %(program)s tidak punya jenjang %(rank)s.") % {"program": program, "rank": rank}
            )
        organiser = offices[office_of[key]]
        batch = (
            Batch.objects.filter(
                level__program=program, level__rank=rank, organiser=organiser, start_date=start
            )
            .select_related("level")
            .first()
        )
        if batch is None:
            batch = batch_record_past(
                actor=user, level=level, organiser=organiser, start_date=start, capacity=sizes[key],
                title=_past_title(level, organiser, start),
            )  # fmt: skip
        found[key] = batch
    return found


def _past_title(level: Level, organiser: Organisation, start: date) -> str:
    """A past batch's title as the office's own batches read ("Dasar 2020 Kabupaten Kudus"), with its
    first day, since one office may have run several in a year."""
    place = organiser.region.name if organiser.region is not None else organiser.name
    return f"{level.name} {start.year} {place}, {long_date(start, 'id')}"


@dataclass
class _Made:
    persons: set[int] = field(default_factory=set)
    enterprises: set[int] = field(default_factory=set)
    reports: dict[tuple[int, object, str], MetricReport] = field(default_factory=dict)


def _person(user: User, row: HistoryRow, new: _Made, regions: dict[str, Region]) -> Person:
    if row.person_id is not None:
        return Person.objects.get(pk=row.person_id)
    fields: dict[str, Any] = dict(row.person)
    fields["address_district"] = regions[fields["address_district"]]
    fields.pop("nik_warning", None)
    person = persons.person_create(actor=user, email="", **fields)
    new.persons.add(person.pk)
    return person


def _enterprise(
    user: User,
    row: HistoryRow,
    owner: Person,
    businesses: dict[tuple[int, str], Enterprise],
    new: _Made,
    regions: dict[str, Region],
) -> Enterprise:
    """The business the row names: by its NIB (checked to be the owner's), else the owner's business of
    that name (in the registry, or earlier in the file), else a new one."""
    if row.enterprise_id is not None:
        return Enterprise.objects.get(pk=row.enterprise_id)
    name = str(row.enterprise["name"]).strip()
    key = (owner.pk, name.lower())
    if key in businesses:
        return businesses[key]
    found = None
    if owner.pk not in new.persons:
        found = Enterprise.objects.filter(owner=owner, name__iexact=name).order_by("pk").first()
    if found is None:
        fields: dict[str, Any] = dict(row.enterprise)
        fields["district"] = regions[fields["district"]]
        found = enterprises.enterprise_create(actor=user, owner=owner, **fields)
        new.enterprises.add(found.pk)
    businesses[key] = found
    return found


def _report(
    user: User, enterprise: Enterprise, source: str, figures: dict[str, Any], note: str, new: _Made
) -> MetricReport:
    """The month's report of this source: the one held already (the registry's own is kept as it is),
    else a new one. A business made by this import has only the reports it made."""
    key = (enterprise.pk, figures["period"], source)
    existing = new.reports.get(key)
    if existing is None and enterprise.pk not in new.enterprises:
        existing = MetricReport.objects.filter(
            enterprise=enterprise,
            period=figures["period"],
            source=source,  # type: ignore[misc]
        ).first()
    if existing is None:
        existing = metric_reports.metric_report_create(
            actor=user, enterprise=enterprise, source=source, note=note, **figures
        )
        new.reports[key] = existing
    return existing


def history_template(*, user: User) -> bytes:
    """The template to fill: the columns with the spreadsheet's checks, an example row, and lookup sheets
    of the sectors, the user's districts, the levels and the offices she may import for."""
    with translation.override("id"):  # the template is Indonesian, as the import reads it
        offices = access.history_offices_for_user(user)
        centre = province_centre_of(Office(o.pk, o.kind, o.region.code) for o in offices if o.region)
        reference = reference_program(centre)
        levels = _levels(reference) if reference else {}
        lookups = [
            imports.sector_lookup(),
            imports.district_lookup(user=user),
            Lookup(
                "Jenjang",
                ["Jenjang", "Nama", "Penyelenggara", "Lama (hari)", "Minimal hadir (hari)"],
                [
                    [lv.rank, lv.name, lv.get_tier_display(), lv.duration_days, lv.min_days_attended]
                    for lv in levels.values()
                ],
            ),
            Lookup(
                "Penyelenggara",
                ["Kode Wilayah", "Kantor"],
                [[o.region.code, o.name] for o in offices if o.region is not None],
            ),
        ]
        longest = max((lv.duration_days for lv in levels.values()), default=5)
        rules: dict[str, dict[str, Any]] = {
            "year": {"rule": "whole", "minimum": 2000, "maximum": timezone.localdate().year},
            "level": {"rule": "list", "lookup": "Jenjang"},
            "organiser": {"rule": "list", "lookup": "Penyelenggara"},
            "start_date": {"rule": "date"},
            "sex": {"rule": "list", "choices": ["L", "P"]},
            "birth_date": {"rule": "date", "earliest": date(1900, 1, 1)},
            "address_district": {"rule": "list", "lookup": "Kecamatan"},
            "sector": {"rule": "list", "lookup": "Sektor"},
            "district": {"rule": "list", "lookup": "Kecamatan"},
            "started_on": {"rule": "date", "earliest": date(1900, 1, 1)},
            "days": {"rule": "whole", "maximum": longest},
            "graduated": {"rule": "list", "choices": ["Y", "T"]},
            **{f"{p}_period": {"rule": "month"} for p in ("baseline", "followup")},
            **{f"{p}_{f}": {"rule": "whole"} for p in ("baseline", "followup") for f in ("omzet", "aset", "workers")},
        }  # fmt: skip
        columns = imports.template_columns(COLUMNS, rules)
        return write_template("Riwayat", columns, [template_example()], lookups)


def _done(count: int) -> str:
    return ngettext("%(count)s peserta riwayat tersimpan.", "%(count)s peserta riwayat tersimpan.", count) % {
        "count": count
    }


def history_template_for(user: User) -> bytes:
    """The template for a user who may import history (PermissionDenied otherwise): the template page's
    and the API's."""
    access.require_import_history(user)
    return history_template(user=user)


HISTORY_IMPORT = ImportKind(
    kind=ImportJob.Kind.HISTORY,
    label=gettext_lazy(
        "Riwayat pelatihan: angkatan tahun-tahun lalu dengan peserta, kehadiran, kelulusan dan angkanya"
    ),
    template="training:history_template",
    template_label=gettext_lazy("Unduh templat riwayat pelatihan (.xlsx)"),
    check=history_import_check,
    write=history_import_write,
    done=_done,
    template_file=history_template_for,
    template_filename="templat-riwayat-pelatihan.xlsx",
)
