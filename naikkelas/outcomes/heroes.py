"""Local heroes: graduates whose growth is verified, ranked per regency/city.

A graduate qualifies when their baseline turnover is at least OUTCOMES_HERO_MIN_OMZET (tiny bases make
huge percentages), their latest follow-up figures were confirmed on a mentor visit, their turnover grew by at
least OUTCOMES_HERO_MIN_GROWTH_PERCENT, and — to appear on the public page — they consented to publicity and
wrote their story. Ranked by the ratio of follow-up to baseline turnover. Both pages state the rule in words
(`rule_text`), so what is shown and what is said are the same numbers."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from naikkelas.core.formats import rupiah
from naikkelas.outcomes.cohort import CohortFilter, Member, cohort_of
from naikkelas.outcomes.models import HeroStory
from naikkelas.registry.models import Enterprise, MetricReport


@dataclass(frozen=True)
class Hero:
    member: Member
    growth: float  # follow-up ÷ baseline turnover

    @property
    def percent(self) -> float:
        return (self.growth - 1) * 100


def rule_text() -> str:
    """The rule a hero meets, in the words both pages show."""
    return _(
        "Ditampilkan hanya lulusan yang omzet bulanannya pada tindak lanjut terakhir, dicatat pendamping saat "
        "kunjungan, paling sedikit %(growth)s %% di atas omzet sebelum pelatihan, dan yang omzet sebelum "
        "pelatihannya paling sedikit %(floor)s sebulan."
    ) % {
        "growth": settings.OUTCOMES_HERO_MIN_GROWTH_PERCENT,
        "floor": rupiah(settings.OUTCOMES_HERO_MIN_OMZET, get_language() or "id"),
    }


def ranking(
    members: list[Member],
    *,
    min_omzet: int | None = None,
    min_growth_percent: int | None = None,
    per_regency: int = 10,
) -> dict[str, list[Hero]]:
    """The verified growers per regency/city, best first. A business that shrank or stayed level is no hero."""
    floor = settings.OUTCOMES_HERO_MIN_OMZET if min_omzet is None else min_omzet
    growth_percent = (
        settings.OUTCOMES_HERO_MIN_GROWTH_PERCENT if min_growth_percent is None else min_growth_percent
    )
    least_growth = 1 + growth_percent / 100
    by_regency: dict[str, list[Hero]] = {}
    for member in members:
        if member.followup is None or member.followup_source != MetricReport.Source.MENTOR_VISIT:
            continue
        if member.baseline[0] < floor or member.baseline[0] <= 0:
            continue
        growth = member.followup[0] / member.baseline[0]
        if growth < least_growth:
            continue
        by_regency.setdefault(member.regency_code, []).append(Hero(member, growth))
    return {
        code: sorted(heroes, key=lambda h: (-h.growth, h.member.enterprise_id))[:per_regency]
        for code, heroes in sorted(by_regency.items())
    }


def public_heroes(per_regency: int = 3) -> dict[str, list[tuple[Hero, HeroStory]]]:
    """Heroes of every regency/city who consented and told their story, for the public page."""
    consenting = Enterprise.objects.filter(hero_story__publicity_consent=True)
    members = cohort_of(consenting, CohortFilter(), with_comparison=False).participants
    stories = {s.enterprise_id: s for s in HeroStory.objects.filter(publicity_consent=True)}
    return {
        code: [
            (hero, stories[hero.member.enterprise_id])
            for hero in heroes
            if hero.member.enterprise_id in stories
        ]
        for code, heroes in ranking(members, per_regency=per_regency).items()
    }
