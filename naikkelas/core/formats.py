"""Money, numbers and dates for people, through Babel. Pure functions."""

import re
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.numbers import NumberFormatError, format_compact_decimal, format_decimal, parse_decimal
from django.utils import timezone

# The minus sign of every figure a person reads (U+2212, as percents have it): a hyphen reads as a dash
# beside "Rp" (-Rp1,69 juta) and breaks a line after itself.
MINUS = "\u2212"


def _locale(language: str | None) -> str:
    """Babel's locale: the language asked for, else the one the reader reads now (so a caller that
    forgets to pass it never prints Indonesian figures on an English page)."""
    if language is None:
        from django.utils.translation import get_language

        language = get_language() or "id"
    return "en" if language.startswith("en") else "id"


def rupiah(amount: int | None, language: str | None = None) -> str:
    """Whole rupiah in full: Rp5.370.000.000 (id) or Rp5,370,000,000 (en)."""
    if amount is None:
        return "–"
    sign = MINUS if amount < 0 else ""
    return f"{sign}Rp{format_decimal(abs(amount), format='#,##0', locale=_locale(language))}"


def rupiah_compact(amount: int | None, language: str | None = None) -> str:
    """Rupiah in words a reader says aloud (Babel's long compact form): Rp5,37 miliar; amounts under
    Rp1 juta stay in full."""
    if amount is None:
        return "–"
    if abs(amount) < 10**6:
        return rupiah(amount, language)
    sign = MINUS if amount < 0 else ""
    # Rounded half up here, as percents and ratios are (Babel would round half to even: 2,405 → 2,4).
    unit = Decimal(10) ** (3 * ((len(str(abs(amount))) - 1) // 3))
    shown = (Decimal(abs(amount)) / unit).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * unit
    words = format_compact_decimal(shown, format_type="long", fraction_digits=2, locale=_locale(language))
    return f"{sign}Rp{words}"


def number(value: int | float | Decimal | None, language: str | None = None) -> str:
    if value is None:
        return "–"
    return format_decimal(value, locale=_locale(language))


def long_date(value: date | None, language: str | None = None) -> str:
    """27 November 2026 (id) / 27 November 2026 (en): day, month, year in both languages, as the
    program's readers write dates (CLDR's American "November 27, 2026" reads foreign here)."""
    if value is None:
        return "–"
    return babel_format_date(value, format="d MMMM y", locale=_locale(language))


def weekday_date(value: date | None, language: str | None = None) -> str:
    """A day with its weekday: Selasa, 22 Desember 2026 (id) / Tuesday, 22 December 2026 (en)."""
    if value is None:
        return "–"
    return babel_format_date(value, format="EEEE, d MMMM y", locale=_locale(language))


def time_of_day(value: time | datetime | None, language: str | None = None) -> str:
    """A time of day as the language writes it (CLDR's short time): 08.30 (id) / 8:30 AM (en). A moment
    is said in Jakarta time."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = timezone.localtime(value).time() if timezone.is_aware(value) else value.time()
    # CLDR puts a narrow no-break space before AM/PM: kept from wrapping, but a plain font's own space.
    return babel_format_time(value, format="short", locale=_locale(language)).replace("\u202f", "\u00a0")


def time_range(start: time | None, end: time | None, language: str | None = None) -> str:
    """A session's hours: 08.00–12.00 (id) / 8:00 AM–12:00 PM (en)."""
    return f"{time_of_day(start, language)}–{time_of_day(end, language)}"


def long_datetime(value: datetime | None, language: str | None = None) -> str:
    """A moment in Jakarta time, in words: 4 Desember 2026 15.08 (id) / 4 December 2026 3:08 PM (en)."""
    if value is None:
        return "–"
    local = timezone.localtime(value)
    return f"{long_date(local.date(), language)} {time_of_day(local.time(), language)}"


def month_year(value: date | None, language: str | None = None) -> str:
    if value is None:
        return "–"
    return babel_format_date(value, format="MMMM y", locale=_locale(language))


def ratio(value: float | None, language: str | None = None) -> str:
    """A ratio of after to before: 2,24× — never to be read as a percent increase."""
    if value is None:
        return "–"
    return f"{format_decimal(_half_up(value, '0.01'), format='#,##0.00', locale=_locale(language))}×"


def percent_change(value: float | None, language: str | None = None) -> str:
    """A change in percent with its sign: +123,8 % (a ratio of 2,24× is +124 %, not 224 %)."""
    if value is None:
        return "–"
    shown = _half_up(abs(value), "0.1")
    sign = "±" if not shown else ("+" if value > 0 else MINUS)  # −0,04 shows as ±0,0 %, never −0,0 %
    return f"{sign}{format_decimal(shown, format='#,##0.0', locale=_locale(language))} %"


def share(value: float | None, language: str | None = None) -> str:
    """A part of a whole (0 to 1) in percent, to one decimal where it has one: 80 %, 12,5 %."""
    if value is None:
        return "–"
    shown = _half_up(value * 100, "0.1")
    return f"{format_decimal(shown, format='#,##0.#', locale=_locale(language))} %"


def half_up(value: float | None, digits: int) -> float | None:
    """A figure for a spreadsheet, rounded by the same rule the pages use (half up, from the float's
    shortest decimal form), so the .xlsx and the page never disagree in the last digit."""
    if value is None:
        return None
    rounded = float(_half_up(value, "1" if digits == 0 else "0." + "0" * (digits - 1) + "1"))
    return rounded + 0.0 if rounded else 0.0  # never −0.0


def _half_up(value: float, step: str) -> Decimal:
    """Rounded as people do (123,75 → 123,8), from the float's shortest decimal form."""
    return Decimal(repr(value)).quantize(Decimal(step), rounding=ROUND_HALF_UP)


def whatsapp_link(e164: str) -> str:
    """A click-to-chat link for a phone stored in E.164 (+62812…): wa.me takes the digits without '+'."""
    return f"https://wa.me/{e164.lstrip('+')}"


# What people write after a number to mean thousands, millions, billions of rupiah.
RUPIAH_WORDS = {
    "rb": 10**3, "ribu": 10**3, "k": 10**3,
    "jt": 10**6, "juta": 10**6,
    "m": 10**9, "miliar": 10**9, "milyar": 10**9,
}  # fmt: skip
_RUPIAH_PREFIX = re.compile(r"^(rp|idr)\.?", re.IGNORECASE)
_RUPIAH_WORD = re.compile(r"^(?P<number>[\d.,]+)(?P<word>[a-z]+)\.?$")


class RupiahError(ValueError):
    """Text that is not a whole amount of rupiah; the message says why, in the active language."""


def parse_rupiah(text: str) -> int:
    """Whole rupiah from what people write: 5000000, 5.000.000, Rp 5.000.000,-, Rp5.000.000,00,
    5,000,000, 7,5 juta, 7.5 jt, 750 rb. Indonesian separators first (7.500 is seven thousand five
    hundred), then English ones (Babel, strict: 7.5.00 is refused, not guessed). No sen, no negatives."""
    from django.utils.translation import gettext as _

    raw = text
    cleaned = "".join(text.split()).lower().replace(MINUS, "-")  # a pasted figure's real minus
    cleaned = _RUPIAH_PREFIX.sub("", cleaned)
    cleaned = re.sub(r"[,.]-+$|-+$", "", cleaned) if not cleaned.startswith("-") else cleaned
    if cleaned.startswith("-"):
        raise RupiahError(_("Jumlah rupiah tidak boleh negatif."))
    multiplier = 1
    worded = _RUPIAH_WORD.match(cleaned)
    if worded:
        if worded["word"] not in RUPIAH_WORDS:
            raise RupiahError(_not_rupiah(raw))
        multiplier = RUPIAH_WORDS[worded["word"]]
        cleaned = worded["number"]
    if not cleaned or not re.fullmatch(r"[\d.,]+", cleaned):
        raise RupiahError(_not_rupiah(raw))
    value = None
    # 1,000 and 1,000,000.50 group by commas (English); a decimal comma takes at most two digits (7,5 juta).
    english = re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", cleaned) is not None
    for locale in ("en", "id") if english else ("id", "en"):
        try:
            value = parse_decimal(cleaned, locale=locale, strict=True)
            break
        except NumberFormatError:
            continue
    if value is None:
        raise RupiahError(_not_rupiah(raw))
    amount = value * multiplier
    if amount != amount.to_integral_value():
        raise RupiahError(
            _("'%(value)s' bukan jumlah rupiah bulat; tulis misalnya 7.500.000 atau 7,5 juta.")
            % {"value": raw}
        )
    return int(amount)


def _not_rupiah(text: str) -> str:
    from django.utils.translation import gettext as _

    return _("'%(value)s' bukan jumlah rupiah; tulis angka, misalnya 7.500.000 atau 7,5 juta.") % {
        "value": text
    }
