"""The eligibility rules: pure functions over plain values, each with its reason in words.

Every rule returns a RuleResult naming the rule, whether it passed, and a message id with parameters;
`reason(result, language)` renders it in Indonesian or English. Results are stored with the settings
that produced them, so a decision can be explained later even after an admin changes a threshold.
"""

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.utils import translation
from django.utils.translation import gettext, gettext_noop, npgettext
from django.utils.translation import gettext_lazy as _

from naikkelas.core.dates import add_months, whole_months_between
from naikkelas.core.formats import long_date, rupiah
from naikkelas.registry.models import SizeClass

SIZE_ORDER = {"": 0, "micro": 1, "small": 2, "medium": 3, "large": 4}
# The size classes in words (PP 7/2021), as the registry names them.
SIZE_LABELS = {"": _("belum tercatat"), **dict(SizeClass.choices)}

# Each rule's name for people (the summary of the rules most often failed, the reason lists).
RULE_LABELS = {
    "business_age": _("Lama usaha"),
    "turnover": _("Omzet"),
    "nib": _("NIB"),
    "previous_level": _("Lulus jenjang sebelumnya"),
    "not_graduated": _("Belum pernah lulus jenjang ini"),
    "region": _("Wilayah usaha"),
    "size": _("Skala usaha"),
}


def rule_label(rule: str) -> str:
    return str(RULE_LABELS.get(rule, rule))


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


def _age(started: date, closes: date) -> str:
    """How long a business had run when the window closed, in words: 7 tahun 6 bulan."""
    # Counted as the rule counts (add_months): 31 January to 28 February is a whole month.
    years, months = divmod(whole_months_between(started, closes), 12)
    parts = []
    if years:
        parts.append(npgettext("lama usaha", "%(n)s tahun", "%(n)s tahun", years) % {"n": years})
    if months or not years:
        parts.append(npgettext("lama usaha", "%(n)s bulan", "%(n)s bulan", months) % {"n": months})
    return " ".join(parts)


def _words(params: Mapping[str, Any], language: str, regions: Mapping[str, str]) -> dict[str, Any]:
    """Parameters as a person reads them: money as rupiah, dates in words, size classes and regions by
    name."""
    words: dict[str, Any] = {}
    for key, value in params.items():
        if key.endswith("_rp"):
            words[key] = rupiah(value, language)
        elif key in {"started", "closes"}:
            words[key] = long_date(date.fromisoformat(value), language)
        elif key in {"size", "max"}:
            words[key] = str(SIZE_LABELS.get("" if value == "-" else value, value))
        elif key == "region":
            words[key] = regions.get(value, value)
        else:
            words[key] = value
    return words


def reason(result: RuleResult, language: str, regions: Mapping[str, str] | None = None) -> str:
    """The result in words in `language`; `regions` names region codes (code → name)."""
    with translation.override(language):
        params = _words(result.params, language, regions or {})
        if result.rule == "business_age" and result.params.get("started") and result.params.get("closes"):
            params["age"] = _age(
                date.fromisoformat(result.params["started"]), date.fromisoformat(result.params["closes"])
            )
            message = (
                gettext_noop(
                    "Usaha berjalan sejak %(started)s: sudah %(age)s saat pendaftaran ditutup (%(closes)s), minimal %(months)s bulan."
                )
                if result.passed
                else gettext_noop(
                    "Usaha berjalan sejak %(started)s: baru %(age)s saat pendaftaran ditutup (%(closes)s), kurang dari minimal %(months)s bulan."
                )
            )
            return gettext(message) % params
        return gettext(result.message) % params


def stored_reason(stored: Mapping[str, Any], language: str, regions: Mapping[str, str] | None = None) -> str:
    """A stored result (`RuleResult.as_json`) in words, rendered again with today's wording; results
    stored before rules kept their parameters fall back to the text stored then."""
    if "rule" not in stored or "message" not in stored:
        return str(stored.get(f"reason_{language}", ""))
    result = RuleResult(
        stored["rule"], bool(stored["passed"]), stored["message"], dict(stored.get("params", {}))
    )
    return reason(result, language, regions)


def business_age(a: Applicant, s: Settings) -> RuleResult:
    threshold = add_months(a.started_on, s.min_business_months)
    params = {
        "months": s.min_business_months,
        "started": a.started_on.isoformat(),
        "closes": s.window_closes_on.isoformat(),
    }
    if threshold <= s.window_closes_on:
        return RuleResult(
            "business_age",
            True,
            gettext_noop(
                "Usaha berjalan sejak %(started)s: sudah %(months)s bulan saat pendaftaran ditutup (%(closes)s)."
            ),
            params,
        )
    return RuleResult(
        "business_age",
        False,
        gettext_noop(
            "Usaha baru berjalan sejak %(started)s: belum %(months)s bulan saat pendaftaran ditutup (%(closes)s)."
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
