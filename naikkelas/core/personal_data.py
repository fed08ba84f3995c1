"""Personal data rights (UU 27/2022) as every app answers them: a copy, anonymisation, withdrawal of
consent, and retention.

`privacy` orchestrates a request (one transaction, the audit record, the DataRequest); each app registers
a `PersonalData` in its `AppConfig.ready()` whose functions read or write **only that app's own models**.
It lives in core, not in privacy, because apps below privacy (registry, notify, accounts) answer too.
A provider gets a `DataSubject` of plain values, worked out before anything is changed, so the order in
which the apps anonymise does not matter and no app needs the registry's models to find its rows.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Model, QuerySet
from django.db.models.fields.files import FieldFile

from naikkelas.core.providers import Providers

REMOVED = "(dihapus)"

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class DataSubject:
    """The person a request is about, as plain values: their record, account, enterprises and the contact
    addresses (phone, email) messages went to."""

    person_id: int
    user_id: int | None
    enterprise_ids: tuple[int, ...]
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class Retention:
    """One retention run: what day it is and whether to change anything (dry_run only counts)."""

    today: date
    now: datetime
    dry_run: bool


@dataclass(frozen=True)
class PersonalData:
    """What one app holds about a person, and how it gives it, forgets it, and stops using it.

    export:    sections of rows, by section name (shown to the person; names are the copy's sheet names)
    anonymise: remove the person from this app's rows, keeping the figures that published reports count
    withdraw:  stop contacting or showing the person; returns counts for the record ({"followups": 3})
    retention: remove this app's rows past their time; returns counts; with dry_run only counts
    expired:   the ids of people whose whole record is past its time and who are to be anonymised
    """

    export: Callable[[DataSubject], dict[str, Rows]] | None = None
    anonymise: Callable[[DataSubject, datetime], None] | None = None
    withdraw: Callable[[DataSubject, datetime], dict[str, int]] | None = None
    retention: Callable[[Retention], dict[str, int]] | None = None
    expired: Callable[[Retention], Iterable[int]] | None = None


providers: Providers[PersonalData] = Providers("personal data")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def rows(queryset: QuerySet[Any], exclude: tuple[str, ...] = ()) -> Rows:
    """Every stored column of every row as plain values (files by name), minus the secret ones."""
    fields = [f for f in queryset.model._meta.concrete_fields if f.attname not in exclude]
    return [{f.attname: _plain(getattr(obj, f.attname)) for f in fields} for obj in queryset]


def files_delete(objects: Iterable[Model], field: str) -> None:
    """Delete the stored files of a file field (the rows are updated or deleted by the caller)."""
    for obj in objects:
        stored = getattr(obj, field)
        if stored:
            stored.delete(save=False)
