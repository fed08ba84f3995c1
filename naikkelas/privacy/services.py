"""The rights of the people whose data this is (UU 27/2022): a copy, withdrawal of consent, deletion,
and the retention that removes what is past its time.

Privacy orchestrates (one transaction, the DataRequest, the audit record); what each app holds about a
person, and how it forgets it, is that app's own `personal_data.py`, registered with
`core.personal_data.providers`. Privacy imports none of those apps.

Deletion keeps the program honest and the person private at once: the person is anonymised (name, NIK,
phone, email, birth date, free text and photos go; the account is closed) while the enterprise's figures
stay, under no name, so published cohort totals do not change.
"""

import json
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record
from naikkelas.core.personal_data import REMOVED as REMOVED  # what replaces removed text; pages compare
from naikkelas.core.personal_data import (
    DataSubject,
    Record,
    Retention,
    Rows,
    Section,
    providers,
    records,
    rows,
)
from naikkelas.core.tabular import write_workbook
from naikkelas.privacy.models import DataRequest
from naikkelas.registry.models import Enterprise, Person


def subject_of(person: Person) -> DataSubject:
    """The person as every app's provider sees them, worked out before anything changes."""
    return DataSubject(
        person_id=person.pk,
        user_id=person.user_id,
        enterprise_ids=tuple(Enterprise.objects.filter(owner=person).values_list("pk", flat=True)),
        addresses=tuple(value for value in (person.phone, person.email) if value),
    )


# --- a copy of everything held about a person ---------------------------------------------------------


def subject_data(person: Person) -> dict[str, Rows]:
    """Everything held about the person and their enterprises, section by section, from every app: the
    machine-readable copy (every stored column, codes as stored)."""
    subject = subject_of(person)
    sections: dict[str, Rows] = {}
    for provider in providers:
        if provider.export is not None:
            sections.update(provider.export(subject))
    sections["permintaan_data"] = rows(DataRequest.objects.filter(person=person))
    return sections


def subject_sections(person: Person) -> dict[str, Section]:
    """The same copy as sections a person reads, by the same keys, in journey order."""
    subject = subject_of(person)
    sections: dict[str, Section] = {}
    for provider in providers:
        if provider.sections is not None:
            sections.update(provider.sections(subject))
    sections["permintaan_data"] = Section(
        gettext_lazy("Permintaan tentang data Anda"), DataRequest.objects.filter(person=person),
        heading=lambda request, _language: str(request.get_kind_display()).capitalize(),
    )  # fmt: skip
    return sections


def subject_document(person: Person, language: str | None = None) -> list[tuple[str, list[Record]]]:
    """The copy as a document: each section's title and its rows, labelled, with values in words."""
    return [(str(section.title), records(section, language)) for section in subject_sections(person).values()]


def subject_json(person: Person) -> bytes:
    return json.dumps(subject_data(person), ensure_ascii=False, indent=2, default=str).encode()


def subject_xlsx(person: Person) -> bytes:
    """The document as a workbook: one sheet per section, a row per record, labelled columns."""
    sheets: list[tuple[str, list[str], list[list[Any]]]] = []
    for title, section_records in subject_document(person):
        labels = list(dict.fromkeys(label for record in section_records for label, _text in record.fields))
        if not section_records:
            sheets.append((title, [_("(tidak ada data)")], []))
            continue
        table = [
            [record.title, *(dict(record.fields).get(label, "") for label in labels)]
            for record in section_records
        ]
        sheets.append((title, [_("Judul"), *labels], table))
    return write_workbook(sheets)


# --- requests ------------------------------------------------------------------------------------------


def request_open(*, person: Person, kind: str, now: datetime | None = None) -> DataRequest:
    """Record a request; due within PRIVACY_RESPONSE_HOURS. One open request of a kind at a time."""
    now = now or timezone.now()
    if person.anonymised_at is not None:
        raise ValidationError(_("Data orang ini sudah dihapus."))
    existing = DataRequest.objects.filter(person=person, kind=kind, status=DataRequest.Status.OPEN).first()
    if existing is not None:
        return existing
    return DataRequest.objects.create(
        person=person, kind=kind, requested_at=now,
        due_at=now + timedelta(hours=settings.PRIVACY_RESPONSE_HOURS), regency_code=person.regency_code,
    )  # fmt: skip


def _close(
    request: DataRequest, *, actor: User | None, status: str, note: str = "", at: datetime | None = None
) -> None:
    request.status = status
    request.handled_at = at or timezone.now()
    request.handled_by = actor if actor is not None and actor.is_authenticated else None
    request.note = note
    request.save(update_fields=["status", "handled_at", "handled_by", "note"])


def copy_handed_over(*, person: Person, actor: User | None) -> DataRequest:
    """The person downloaded their copy themself: recorded as a request answered at once."""
    with transaction.atomic():
        request = request_open(person=person, kind=DataRequest.Kind.EXPORT)
        _close(request, actor=actor, status=DataRequest.Status.DONE)
    return request


def consent_withdraw(*, person: Person, actor: User | None, now: datetime | None = None) -> DataRequest:
    """Stop follow-ups and publicity at once (the law allows 3 × 24 hours; this takes none): every app
    stops what it does with the person (pending follow-ups stop and their links die, queued reminders are
    dropped, the story leaves the public page, the comparison-group consent is cleared, and the next
    schedule skips the person)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        request = request_open(person=locked, kind=DataRequest.Kind.WITHDRAWAL, now=now)
        subject = subject_of(locked)
        counts: dict[str, int] = {}
        for provider in providers:
            if provider.withdraw is not None:
                counts.update(provider.withdraw(subject, now))
        person.refresh_from_db()
        _close(request, actor=actor, status=DataRequest.Status.DONE, at=now, note=_counted(counts))
        audit_record(actor=actor, action="withdraw", instance=person, changes=counts)
    return request


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{name.replace('_', ' ')} {count}" for name, count in counts.items())


def deletion_request(*, person: Person) -> DataRequest:
    return request_open(person=person, kind=DataRequest.Kind.DELETION)


def anonymise(*, person: Person, actor: User | None, note: str = "") -> Person:
    """Remove the person (name, NIK, phone, email, birth date, free text, photos, account) from every app
    and keep their enterprises' figures without a name, so cohort totals and published reports stay."""
    if person.anonymised_at is not None:
        raise ValidationError(_("Data orang ini sudah dihapus."))
    now = timezone.now()
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        subject = subject_of(locked)
        for provider in providers:
            if provider.anonymise is not None:
                provider.anonymise(subject, now)
        locked.refresh_from_db()
        for request in DataRequest.objects.filter(person=locked, status=DataRequest.Status.OPEN):
            _close(request, actor=actor, status=DataRequest.Status.DONE, note=note)
        audit_record(actor=actor, action="anonymise", instance=locked, changes={"anonymised": True})
    person.refresh_from_db()
    return person


def request_complete(*, request: DataRequest, actor: User) -> DataRequest:
    """Carry out an open request: a deletion anonymises the person; a copy is marked handed over."""
    if request.status != DataRequest.Status.OPEN:
        raise ValidationError(_("Permintaan ini sudah ditangani."))
    if request.kind == DataRequest.Kind.DELETION:
        anonymise(person=request.person, actor=actor)
    elif request.kind == DataRequest.Kind.WITHDRAWAL:
        consent_withdraw(person=request.person, actor=actor)
    else:
        _close(request, actor=actor, status=DataRequest.Status.DONE)
    request.refresh_from_db()
    return request


def request_refuse(*, request: DataRequest, actor: User, note: str) -> DataRequest:
    if not note.strip():
        raise ValidationError({"note": [_("Tulis alasan penolakan; pemilik data berhak mengetahuinya.")]})
    if request.status != DataRequest.Status.OPEN:
        raise ValidationError(_("Permintaan ini sudah ditangani."))
    _close(request, actor=actor, status=DataRequest.Status.REFUSED, note=note.strip())
    return request


# --- retention -----------------------------------------------------------------------------------------

RetentionReport = dict[str, int]


def retention_run(*, today: date | None = None, dry_run: bool = False) -> RetentionReport:
    """Remove what is past its time, app by app (uploaded import files, old access-log rows and sent
    messages, waiting submissions, spent codes), and anonymise the people whose whole record is past its
    time (applicants never selected who did not agree to be followed up, once their batch is long over).
    Returns how many of each; with dry_run only counts."""
    run = Retention(today=today or timezone.localdate(), now=timezone.now(), dry_run=dry_run)
    report: RetentionReport = {}
    expired: set[int] = set()
    for provider in providers:
        if provider.retention is not None:
            report.update(provider.retention(run))
        if provider.expired is not None:
            expired.update(provider.expired(run))
    report["anonymised"] = len(expired)
    if not dry_run:
        for person in Person.objects.filter(pk__in=expired, anonymised_at__isnull=True).iterator(
            chunk_size=200
        ):
            anonymise(person=person, actor=None, note="retention")
    return report


def requests_overdue(queryset: Any, now: datetime | None = None) -> Any:
    return queryset.filter(status=DataRequest.Status.OPEN, due_at__lt=now or timezone.now())
