"""NIK (Nomor Induk Kependudukan), the 16-digit national identity number: PP KK CC DDMMYY SSSS.

PP KK CC is the province, regency/city and district where the number was *first issued*; DDMMYY the
birth date with 40 added to the day for women; SSSS a serial that is never 0000. Pure functions only.

An NIK keeps its first region code for life, and province splits moved regencies to new codes (Sulawesi
Barat 2004, Kalimantan Utara 2012, the Papua provinces 2022), so an unknown regency or district code is
a warning for staff, never a refusal: refusing it would shut a real person out of the program. Only the
province must be one of the 38 current ones.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

# The 38 provinces of the current Kemendagri decree.
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
        "31", "32", "33", "34", "35", "36",
        "51", "52", "53",
        "61", "62", "63", "64", "65",
        "71", "72", "73", "74", "75", "76",
        "81", "82",
        "91", "92", "93", "94", "95", "96",
    }
)  # fmt: skip

WOMAN_DAY_OFFSET = 40


class NikError(ValueError):
    """The value cannot be anyone's NIK; the message says why, in the active language."""


@dataclass(frozen=True)
class NikInfo:
    nik: str
    province_code: str
    regency_code: str
    district_code: str
    sex: str  # "M" or "F"
    birth_day: int
    birth_month: int
    birth_yy: int
    serial: str
    warnings: list[str] = field(default_factory=list)

    def birth_date(self, today: date) -> date:
        """The birth date, choosing the century that does not lie in the future."""
        year = 2000 + self.birth_yy
        if year > today.year:
            year -= 100
        return date(year, self.birth_month, self.birth_day)

    def matches_birth_date(self, birth_date: date) -> bool:
        return (
            birth_date.day == self.birth_day
            and birth_date.month == self.birth_month
            and birth_date.year % 100 == self.birth_yy
        )


def normalise_nik(value: str) -> str:
    """Digits only: spaces, dots and dashes people type between groups are dropped."""
    return "".join(ch for ch in value if ch not in " .-\u00a0\t")


def _is_real_day(day: int, month: int, yy: int) -> bool:
    # A two-digit year leaves the century open; 29 February is real if either century makes it so.
    for year in (1900 + yy, 2000 + yy):
        try:
            date(year, month, day)
        except ValueError:
            continue
        return True
    return False


def parse_nik(
    value: str,
    *,
    known_regencies: Collection[str] | None = None,
    known_districts: Collection[str] | None = None,
) -> NikInfo:
    """Parse and check an NIK; raise NikError for a number nobody can hold.

    `known_regencies` ("33.74") and `known_districts` ("33.74.01") are the current codes; a code missing
    from them yields a warning, not an error.
    """
    nik = normalise_nik(value)
    if len(nik) != 16 or not nik.isascii() or not nik.isdigit():
        raise NikError(_("NIK harus terdiri dari 16 angka."))
    province = nik[0:2]
    regency = f"{province}.{nik[2:4]}"
    district = f"{regency}.{nik[4:6]}"
    if province not in PROVINCE_CODES:
        raise NikError(_("Kode provinsi %(code)s pada NIK tidak ada.") % {"code": province})
    if nik[2:4] == "00":
        raise NikError(_("Kode kabupaten/kota pada NIK tidak boleh 00."))
    if nik[4:6] == "00":
        raise NikError(_("Kode kecamatan pada NIK tidak boleh 00."))
    raw_day = int(nik[6:8])
    month = int(nik[8:10])
    yy = int(nik[10:12])
    sex = "F" if raw_day > WOMAN_DAY_OFFSET else "M"
    day = raw_day - WOMAN_DAY_OFFSET if sex == "F" else raw_day
    if not 1 <= month <= 12 or not 1 <= day <= 31 or not _is_real_day(day, month, yy):
        raise NikError(
            _("Tanggal lahir pada NIK (%(date)s) bukan tanggal yang ada.")
            % {"date": f"{nik[6:8]}-{nik[8:10]}-{nik[10:12]}"}
        )
    serial = nik[12:16]
    if serial == "0000":
        raise NikError(_("Nomor urut NIK tidak boleh 0000."))
    warnings: list[str] = []
    if known_regencies is not None and regency not in known_regencies:
        warnings.append(
            _(
                "Kode kabupaten/kota %(code)s tidak ada dalam daftar wilayah saat ini; "
                "mungkin NIK diterbitkan sebelum pemekaran wilayah. Periksa dengan KTP."
            )
            % {"code": regency}
        )
    elif known_districts is not None and district not in known_districts:
        warnings.append(
            _(
                "Kode kecamatan %(code)s tidak ada dalam daftar wilayah saat ini; "
                "mungkin wilayahnya telah dimekarkan. Periksa dengan KTP."
            )
            % {"code": district}
        )
    return NikInfo(
        nik=nik,
        province_code=province,
        regency_code=regency,
        district_code=district,
        sex=sex,
        birth_day=day,
        birth_month=month,
        birth_yy=yy,
        serial=serial,
        warnings=warnings,
    )


def mask_nik(nik: str) -> str:
    """3374********0001: the region of issue and the serial stay, the birth date goes."""
    if len(nik) != 16:
        return "*" * len(nik)
    return f"{nik[:4]}{'*' * 8}{nik[12:]}"
