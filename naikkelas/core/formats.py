"""Money, numbers and dates for people, through Babel. Pure functions."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date as babel_format_date
from babel.numbers import format_compact_decimal, format_decimal
from django.utils import timezone


def _locale(language: str) -> str:
    return "en" if language.startswith("en") else "id"


def rupiah(amount: int | None, language: str = "id") -> str:
    """Whole rupiah in full: Rp5.370.000.000 (id) or Rp5,370,000,000 (en)."""
    if amount is None:
        return "–"
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{format_decimal(abs(amount), format='#,##0', locale=_locale(language))}"


def rupiah_compact(amount: int | None, language: str = "id") -> str:
    """Rupiah in words a reader says aloud (Babel's long compact form): Rp5,37 miliar; amounts under
    Rp1 juta stay in full."""
    if amount is None:
        return "–"
    if abs(amount) < 10**6:
        return rupiah(amount, language)
    sign = "-" if amount < 0 else ""
    words = format_compact_decimal(
        abs(amount), format_type="long", fraction_digits=2, locale=_locale(language)
    )
    return f"{sign}Rp{words}"


def number(value: int | float | Decimal | None, language: str = "id") -> str:
    if value is None:
        return "–"
    return format_decimal(value, locale=_locale(language))


def long_date(value: date | None, language: str = "id") -> str:
    """27 November 2026 (id) / November 27, 2026 (en)."""
    if value is None:
        return "–"
    return babel_format_date(value, format="long", locale=_locale(language))


def long_datetime(value: datetime | None, language: str = "id") -> str:
    """A moment in Jakarta time, in words: 4 Desember 2026 15.08 (id) / December 4, 2026 15.08 (en)."""
    if value is None:
        return "–"
    local = timezone.localtime(value)
    return f"{long_date(local.date(), language)} {local:%H.%M}"


def month_year(value: date | None, language: str = "id") -> str:
    if value is None:
        return "–"
    return babel_format_date(value, format="MMMM y", locale=_locale(language))


def ratio(value: float | None, language: str = "id") -> str:
    """A ratio of after to before: 2,24× — never to be read as a percent increase."""
    if value is None:
        return "–"
    return f"{format_decimal(_half_up(value, '0.01'), format='#,##0.00', locale=_locale(language))}×"


def percent_change(value: float | None, language: str = "id") -> str:
    """A change in percent with its sign: +123,8 % (a ratio of 2,24× is +124 %, not 224 %)."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return (
        f"{sign}{format_decimal(_half_up(abs(value), '0.1'), format='#,##0.0', locale=_locale(language))} %"
    )


def _half_up(value: float, step: str) -> Decimal:
    """Rounded as people do (123,75 → 123,8), from the float's shortest decimal form."""
    return Decimal(repr(value)).quantize(Decimal(step), rounding=ROUND_HALF_UP)


def whatsapp_link(e164: str) -> str:
    """A click-to-chat link for a phone stored in E.164 (+62812…): wa.me takes the digits without '+'."""
    return f"https://wa.me/{e164.lstrip('+')}"
