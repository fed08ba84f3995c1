"""Pure business rules of the registry: size class (PP 7/2021), KBLI, NIB, phone numbers."""

import re

import phonenumbers
from django.utils.translation import gettext as _

MICRO_MAX_ANNUAL_SALES = 2_000_000_000
SMALL_MAX_ANNUAL_SALES = 15_000_000_000
MEDIUM_MAX_ANNUAL_SALES = 50_000_000_000


def size_class_for_monthly_omzet(omzet_per_month: int | None) -> str:
    """PP 7/2021 size class from monthly turnover (annual sales = 12 months)."""
    if omzet_per_month is None:
        return ""
    annual = omzet_per_month * 12
    if annual <= MICRO_MAX_ANNUAL_SALES:
        return "micro"
    if annual <= SMALL_MAX_ANNUAL_SALES:
        return "small"
    if annual <= MEDIUM_MAX_ANNUAL_SALES:
        return "medium"
    return "large"


def check_nib(value: str) -> str:
    """NIB: 13 digits from OSS; there is no public check digit to verify."""
    nib = value.strip()
    if len(nib) != 13 or not nib.isascii() or not nib.isdigit():
        raise ValueError(_("NIB harus terdiri dari 13 angka."))
    return nib


def check_kbli(value: str) -> str:
    code = value.strip()
    if len(code) != 5 or not code.isascii() or not code.isdigit():
        raise ValueError(_("Kode KBLI harus terdiri dari 5 angka."))
    return code


_PLAIN_INDONESIAN = re.compile(r"(?:\+62|62|0)([1-9]\d{6,12})")


def phone_to_e164(value: str) -> str:
    """An Indonesian phone number as typed (0812…, 62812…, +62 812-…) in E.164: +62812…."""
    raw = value.strip()
    # Most numbers arrive as bare digits: judged by the same metadata without the full parse (an import
    # checks 100,000 of them); anything else, or anything it does not find valid, takes the full way.
    plain = _PLAIN_INDONESIAN.fullmatch(raw)
    if plain is not None:
        number = phonenumbers.PhoneNumber(country_code=62, national_number=int(plain[1]))
        if phonenumbers.is_valid_number(number):
            return f"+62{plain[1]}"
    if raw.startswith("62") and not raw.startswith("+"):
        raw = "+" + raw
    try:
        parsed = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        raise ValueError(_("Nomor telepon tidak dapat dibaca.")) from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(_("Nomor telepon %(value)s tidak valid.") % {"value": value})
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
