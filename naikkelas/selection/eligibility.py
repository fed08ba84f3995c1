"""The eligibility rules: pure functions over plain values, each with its reason in words.

Every rule returns a RuleResult naming the rule, whether it passed, and a message id with parameters;
`reason(result, language)` renders it in Indonesian or English. Results are stored with the settings
that produced them, so a decision can be explained later even after an admin changes a threshold.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.utils import translation
from django.utils.translation import gettext, gettext_noop, ngettext

from naikkelas.core.dates import add_months, whole_months_between
from naikkelas.core.formats import long_date, rupiah

SIZE_ORDER = {"": 0, "micro": 1, "small": 2, "medium": 3, "large": 4}


@dataclass(frozen=True)
class Settings:
    """A level's thresholds and the organiser's region at the time of evaluation."""

    level_rank: int
    min_business_months: int
    min_omzet: int
    requires_nib: bool
    max_size_class: str
    window_closes_on: date
    organiser_province: str
    organiser_regency: str  # "" for a province organiser


@dataclass(frozen=True)
class Applicant:
    started_on: date
    omzet: int
    nib: str
    size_class: str
    province_code: str
    regency_code: str
    graduated_ranks: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class RuleResult:
    rule: str
    passed: bool
    message: str  # a gettext_noop message id
    params: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "reason_id": reason(self, "id"), "reason_en": reason(self, "en")}


def reason(result: RuleResult, language: str) -> str:
    """The rule's sentence in a language: amounts (`*_rp`) in rupiah, dates (`*_date`) in words, a length
    of time (`age_months`) in years and months — facts, in the reader's words."""
    with translation.override(language):
        params: dict[str, Any] = {}
        for key, value in result.params.items():
            if key.endswith("_rp"):
                params[key] = rupiah(value, language)
            elif key.endswith("_date"):
                params[key] = long_date(date.fromisoformat(value), language)
            else:
                params[key] = value
        if "age_months" in result.params:
            params["age"] = duration(int(result.params["age_months"]))
        return gettext(result.message) % params


def duration(months: int) -> str:
    """ "7 tahun 6 bulan", "11 bulan", "2 tahun" in the active language."""
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(ngettext("%(n)s tahun", "%(n)s tahun", years) % {"n": years})
    if rest or not years:
        parts.append(ngettext("%(n)s bulan", "%(n)s bulan", rest) % {"n": rest})
    return " ".join(parts)


def business_age(a: Applicant, s: Settings) -> RuleResult:
    threshold = add_months(a.started_on, s.min_business_months)
    params = {
        "months": s.min_business_months,
        "started_date": a.started_on.isoformat(),
        "closes_date": s.window_closes_on.isoformat(),
        "age_months": whole_months_between(a.started_on, s.window_closes_on),
    }
    if threshold <= s.window_closes_on:
        return RuleResult(
            "business_age",
            True,
            gettext_noop(
                "Usaha berjalan sejak %(started_date)s: sudah %(age)s saat pendaftaran ditutup %(closes_date)s "
                "(syarat paling sedikit %(months)s bulan)."
            ),
            params,
        )
    return RuleResult(
        "business_age",
        False,
        gettext_noop(
            "Usaha berjalan sejak %(started_date)s: baru %(age)s saat pendaftaran ditutup %(closes_date)s, "
            "kurang dari syarat %(months)s bulan."
        ),
        params,
    )


def turnover(a: Applicant, s: Settings) -> RuleResult:
    params = {"omzet_rp": a.omzet, "min_rp": s.min_omzet}
    if a.omzet >= s.min_omzet:
        return RuleResult(
            "turnover", True, gettext_noop("Omzet %(omzet_rp)s per bulan, minimal %(min_rp)s."), params
        )
    return RuleResult(
        "turnover",
        False,
        gettext_noop("Omzet %(omzet_rp)s per bulan, kurang dari minimal %(min_rp)s."),
        params,
    )


def nib_present(a: Applicant, s: Settings) -> RuleResult:
    if not s.requires_nib:
        return RuleResult("nib", True, gettext_noop("Jenjang ini tidak mewajibkan NIB."))
    if a.nib:
        return RuleResult("nib", True, gettext_noop("NIB tercatat."))
    return RuleResult(
        "nib", False, gettext_noop("Jenjang ini mewajibkan NIB, dan usaha ini belum mencatat NIB.")
    )


def previous_level(a: Applicant, s: Settings) -> RuleResult:
    if s.level_rank == 1:
        return RuleResult(
            "previous_level", True, gettext_noop("Jenjang pertama: tidak perlu lulus jenjang sebelumnya.")
        )
    params = {"rank": s.level_rank - 1}
    if s.level_rank - 1 in a.graduated_ranks:
        return RuleResult("previous_level", True, gettext_noop("Sudah lulus jenjang %(rank)s."), params)
    return RuleResult("previous_level", False, gettext_noop("Belum lulus jenjang %(rank)s."), params)


def not_yet_graduated(a: Applicant, s: Settings) -> RuleResult:
    params = {"rank": s.level_rank}
    if s.level_rank in a.graduated_ranks:
        return RuleResult(
            "not_graduated", False, gettext_noop("Sudah pernah lulus jenjang %(rank)s."), params
        )
    return RuleResult("not_graduated", True, gettext_noop("Belum pernah lulus jenjang %(rank)s."), params)


def inside_region(a: Applicant, s: Settings) -> RuleResult:
    if s.organiser_regency:
        inside = a.regency_code == s.organiser_regency
        params = {"region": s.organiser_regency}
    else:
        inside = a.province_code == s.organiser_province
        params = {"region": s.organiser_province}
    if inside:
        return RuleResult(
            "region", True, gettext_noop("Usaha berada di wilayah penyelenggara (%(region)s)."), params
        )
    return RuleResult(
        "region", False, gettext_noop("Usaha berada di luar wilayah penyelenggara (%(region)s)."), params
    )


def size_limit(a: Applicant, s: Settings) -> RuleResult:
    params = {"size": a.size_class or "-", "max": s.max_size_class}
    if SIZE_ORDER.get(a.size_class, 0) <= SIZE_ORDER[s.max_size_class]:
        return RuleResult("size", True, gettext_noop("Skala usaha %(size)s, paling tinggi %(max)s."), params)
    return RuleResult(
        "size", False, gettext_noop("Skala usaha %(size)s melebihi batas jenjang ini (%(max)s)."), params
    )


RULES: list[Callable[[Applicant, Settings], RuleResult]] = [
    business_age,
    turnover,
    nib_present,
    previous_level,
    not_yet_graduated,
    inside_region,
    size_limit,
]


def evaluate(applicant: Applicant, settings: Settings) -> list[RuleResult]:
    """Every rule's result, in a fixed order."""
    return [rule(applicant, settings) for rule in RULES]


def is_eligible(results: list[RuleResult]) -> bool:
    return all(result.passed for result in results)


def recommend_rank(applicant: Applicant, levels: list[Settings]) -> int | None:
    """The highest level whose every rule the applicant passes, or None when none fits."""
    fitting = [s.level_rank for s in levels if is_eligible(evaluate(applicant, s))]
    return max(fitting) if fitting else None
