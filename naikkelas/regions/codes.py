"""Region codes on rows: the one place a writer derives them.

`accounts.access.Scope.q()` filters rows on their `province_code` and `regency_code`, so who may see a row
depends on those two columns being right. Every writer sets them with `region_codes(of)` from where the
row lives: a regency/city or district (`Region`), the enterprise it is about, or another row that already
carries them (an assignment, a follow-up's anchor). Never copy the two fields by hand.
"""

from typing import Protocol, TypedDict


class Placed(Protocol):
    """Anything that carries the two codes: a `Region`, an `Enterprise`, a coded row."""

    @property
    def province_code(self) -> str: ...

    @property
    def regency_code(self) -> str: ...


class RegionCodes(TypedDict):
    province_code: str
    regency_code: str


def region_codes(of: Placed) -> RegionCodes:
    """The codes a row takes from where it lives, as keyword arguments: `Visit(..., **region_codes(enterprise))`.

    A regency's own row carries its code as `regency_code`, a district's its regency's, a province's "".
    """
    return {"province_code": of.province_code, "regency_code": of.regency_code}


class Coded(Protocol):
    """A row that carries the two codes as its own columns."""

    province_code: str
    regency_code: str


def place(row: Coded, of: Placed) -> None:
    """Set a row's codes from where it lives now, for a row whose place can change (an owner's domicile, an
    enterprise's district, a batch's organiser); a new row takes `**region_codes(of)` instead."""
    codes = region_codes(of)
    row.province_code = codes["province_code"]
    row.regency_code = codes["regency_code"]
