"""Personal data rights (UU 27/2022) as every app answers them: a copy, anonymisation, withdrawal of
consent, and retention.

`privacy` orchestrates a request (one transaction, the audit record, the DataRequest); each app registers
a `PersonalData` in its `AppConfig.ready()` whose functions read or write **only that app's own models**.
It lives in core, not in privacy, because apps below privacy (registry, notify, accounts) answer too.
A provider gets a `DataSubject` of plain values, worked out before anything is changed, so the order in
which the apps anonymise does not matter and no app needs the registry's models to find its rows.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

from django.db import models
from django.db.models import Model, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from naikkelas.core import formats
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
class Section:
    """One part of a person's copy: a title for people, the rows, and how to read them.

    exclude: stored columns left out of the copy altogether (secrets: nonces, digests)
    hidden:  columns kept in the machine-readable copy but not in the document (ids, settings)
    words:   how to say a column in words, where the generic way (labels, dates, rupiah) is not enough
    more_fields: fields a row has beyond its columns (the NIK, held encrypted), as (label, value) pairs
    heading: a row's title in words (default: the row's own name)
    """

    title: Any  # a lazy translation
    queryset: QuerySet[Any]
    exclude: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    words: dict[str, Callable[[Any, str], str]] = field(default_factory=dict)
    more_fields: Callable[[Any, str], list[tuple[str, str]]] | None = None
    heading: Callable[[Any, str], str] | None = None


@dataclass(frozen=True)
class Record:
    """One row of a section as a person reads it: a title and (label, value in words) pairs; `written`
    names the fields whose value is what a person wrote (a name, a reason, a message), in whatever
    language they wrote it, rather than words of the system in the reader's language."""

    title: str
    fields: list[tuple[str, str]]
    written: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PersonalData:
    """What one app holds about a person, and how it gives it, forgets it, and stops using it.

    sections:  what the app holds, by section key: the copy (JSON) and the document are made from it
    export:    sections of rows, by section key (the machine-readable copy); made from `sections`
    anonymise: remove the person from this app's rows, keeping the figures that published reports count
    withdraw:  stop contacting or showing the person; returns counts for the record ({"followups": 3})
    retention: remove this app's rows past their time; returns counts; with dry_run only counts
    expired:   the ids of people whose whole record is past its time and who are to be anonymised
    """

    sections: Callable[[DataSubject], dict[str, Section]] | None = None
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


def export_of(
    sections: Callable[[DataSubject], dict[str, Section]],
) -> Callable[[DataSubject], dict[str, Rows]]:
    """The machine-readable copy of an app's sections: every stored column, by section key."""

    def export(subject: DataSubject) -> dict[str, Rows]:
        return {key: rows(section.queryset, section.exclude) for key, section in sections(subject).items()}

    return export


# --- the copy as a document: labelled fields, values in words --------------------------------------------

# Columns no person needs to read in their copy: keys, links between rows, bookkeeping.
_NOT_FOR_READING = {"id", "province_code", "regency_code", "dedupe_key", "attempts", "next_attempt_at",
                    "provider_ref", "last_error"}  # fmt: skip


def _labelled(model_field: models.Field[Any, Any]) -> bool:
    """A column the code named for people (a translated verbose_name), not one left with Django's
    default (the attribute's name as plain text)."""
    return isinstance(model_field.verbose_name, Promise)


def _json_words(value: Any, language: str) -> str:
    """A JSON value in words: lists joined, a stored reason in the reader's language, a dated item with
    its date in words."""
    if isinstance(value, list):
        return "; ".join(text for text in (_json_words(item, language) for item in value) if text)
    if isinstance(value, dict):
        if f"reason_{language}" in value:
            return str(value[f"reason_{language}"])
        if "text" in value:
            due = value.get("due")
            when = f" ({formats.long_date(date.fromisoformat(due), language)})" if due else ""
            return f"{value['text']}{when}"
        return "; ".join(f"{key}: {_json_words(item, language)}" for key, item in value.items())
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, int | float):
        return formats.number(value, language)
    return "" if value is None else str(value)


def value_words(obj: Model, model_field: models.Field[Any, Any], language: str) -> str:
    """One stored value as a person reads it: the choice's label, the related row's name, a date in
    words, whole rupiah, yes/no, a file by its name."""
    if model_field.choices:
        return str(getattr(obj, f"get_{model_field.name}_display")())
    if model_field.is_relation:
        related = getattr(obj, model_field.name)
        return "" if related is None else str(related)
    value = getattr(obj, model_field.attname)
    if value is None or value == "":
        return ""
    if isinstance(model_field, models.DateTimeField):
        return formats.long_datetime(value, language)
    if isinstance(model_field, models.DateField):
        return formats.long_date(value, language)
    if isinstance(model_field, models.BooleanField):
        return _("ya") if value else _("tidak")
    if isinstance(model_field, models.BigIntegerField):
        return formats.rupiah(value, language)
    if isinstance(model_field, models.IntegerField | models.DecimalField | models.FloatField):
        return formats.number(value, language)
    if isinstance(model_field, models.FileField):
        return PurePosixPath(value.name).name if value else ""
    if isinstance(model_field, models.JSONField):
        return _json_words(value, language)
    return str(value)


def records(section: Section, language: str | None = None) -> list[Record]:
    """The section's rows as a person reads them: labelled fields with values in words, without ids,
    keys, empty values or the columns a reader has no use for."""
    language = language or get_language() or "id"
    model_fields = [
        f for f in section.queryset.model._meta.concrete_fields
        if f.attname not in section.exclude and f.name not in section.hidden and f.name not in _NOT_FOR_READING
        and (_labelled(f) or f.name in section.words)
    ]  # fmt: skip
    result = []
    for obj in section.queryset:
        fields = list(section.more_fields(obj, language)) if section.more_fields is not None else []
        written = set()
        for model_field in model_fields:
            say = section.words.get(model_field.name)
            text = say(obj, language) if say is not None else value_words(obj, model_field, language)
            if not text:
                continue
            label = str(capfirst(model_field.verbose_name))
            fields.append((label, text))
            if model_field.is_relation or (
                isinstance(model_field, models.CharField | models.TextField) and not model_field.choices
            ):
                written.add(label)
        title = section.heading(obj, language) if section.heading is not None else str(obj)
        result.append(Record(title, fields, frozenset(written)))
    return result


def files_delete(objects: Iterable[Model], field: str) -> None:
    """Delete the stored files of a file field (the rows are updated or deleted by the caller)."""
    for obj in objects:
        stored = getattr(obj, field)
        if stored:
            stored.delete(save=False)
