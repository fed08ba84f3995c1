"""Template filters for money, numbers and dates in the active language."""

from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlencode

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from naikkelas.core import formats

register = template.Library()


def _whole(value: Any) -> int | None:
    """Whole rupiah from an int, a float (a median) or a Decimal; None stays None."""
    return None if value is None or value == "" else round(value)


@register.filter
def rupiah(value: int | float | None) -> str:
    return formats.rupiah(_whole(value), get_language() or "id")


@register.filter
def rupiah_compact(value: int | float | None) -> str:
    return formats.rupiah_compact(_whole(value), get_language() or "id")


@register.filter
def number(value: Any) -> str:
    return formats.number(value, get_language() or "id")


def _date(value: date | str | None) -> date | None:
    """A date, a moment (its day in Jakarta, not in UTC), or a date stored as ISO text in JSON (a
    visit's action items)."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            return None
    return value


@register.filter
def long_date(value: date | str | None) -> str:
    return formats.long_date(_date(value), get_language() or "id")


@register.filter
def weekday_date(value: date | str | None) -> str:
    return formats.weekday_date(_date(value), get_language() or "id")


@register.filter
def long_datetime(value: datetime | None) -> str:
    return formats.long_datetime(value, get_language() or "id")


@register.filter
def time_of_day(value: time | datetime | None) -> str:
    return formats.time_of_day(value, get_language() or "id")


@register.filter
def month_year(value: date | None) -> str:
    return formats.month_year(value, get_language() or "id")


@register.filter
def ratio(value: float | None) -> str:
    return formats.ratio(value, get_language() or "id")


@register.filter
def percent_change(value: float | None) -> str:
    return formats.percent_change(value, get_language() or "id")


@register.simple_tag(takes_context=True)
def query_with(context: Any, **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return "?" + urlencode(list(params.lists()), doseq=True)


_NO_VERSION = object()


@register.simple_tag
def outbox_fields(version: Any = _NO_VERSION) -> str:
    """Hidden fields that let a form wait in the phone's outbox when there is no signal: the client's
    key (filled in by outbox.js at submit time) and, for an edit, the version of the record it shows."""
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    html = mark_safe('<input type="hidden" name="client_id" value="" data-outbox-key>')
    if version is not _NO_VERSION:
        html += format_html('<input type="hidden" name="loaded_version" value="{}">', version or "")
    return html


@register.filter
def version(moment: Any) -> str:
    """A record's version for `outbox_fields`: its last change time (empty when there is none)."""
    from naikkelas.core.idempotency import version_of

    return version_of(moment)


@register.simple_tag
def offline_prefetch() -> bool:
    """Whether pages keep the signed-in field worker's pages on the phone in the background
    (OFFLINE_PREFETCH_PAGES; off in tests, where a live server shares one SQLite connection)."""
    from django.conf import settings

    return bool(getattr(settings, "OFFLINE_PREFETCH_PAGES", True))
