from datetime import date

from naikkelas.outcomes import cohort, heroes

APR = date(2022, 4, 1)


def member(eid: int, regency: str, before: int, after: int, source: str = "mentor_visit") -> cohort.Member:
    return cohort.Member(eid, "participant", date(2021, 5, 21), (before, 1, 1), regency, "food",
                         followup=(after, 1, 1), followup_period=APR, followup_source=source)  # fmt: skip


def test_heroes_are_verified_big_enough_and_ranked_per_regency() -> None:
    members = [
        member(1, "33.74", 20_000_000, 50_000_000),
        member(2, "33.74", 20_000_000, 80_000_000),
        member(3, "33.74", 20_000_000, 90_000_000, source="follow_up"),  # not confirmed on a visit
        member(4, "33.74", 2_000_000, 40_000_000),  # too small a base
        member(5, "33.19", 15_000_000, 30_000_000),
    ]
    ranked = heroes.ranking(members, min_omzet=10_000_000)
    assert {code: [h.member.enterprise_id for h in found] for code, found in ranked.items()} == {
        "33.19": [5], "33.74": [2, 1],
    }  # fmt: skip
    assert ranked["33.74"][0].growth == 4.0 and ranked["33.74"][0].percent == 300.0


def test_a_business_that_shrank_or_barely_grew_is_no_hero() -> None:
    """The rule the pages state: the latest verified turnover at least the set percent above the baseline."""
    members = [
        member(1, "33.74", 20_000_000, 15_000_000),  # shrank
        member(2, "33.74", 20_000_000, 20_000_000),  # level
        member(3, "33.74", 20_000_000, 21_999_999),  # +9.99 %: under a 10 % rule
        member(4, "33.74", 20_000_000, 22_000_000),  # +10 % exactly
    ]
    ranked = heroes.ranking(members, min_omzet=10_000_000, min_growth_percent=10)
    assert [h.member.enterprise_id for h in ranked["33.74"]] == [4]
    assert (
        heroes.ranking(members, min_omzet=10_000_000, min_growth_percent=0)["33.74"][-1].member.enterprise_id
        == 2
    )


def test_the_rule_is_stated_in_the_reader_s_language(settings) -> None:
    from django.utils import translation

    settings.OUTCOMES_HERO_MIN_GROWTH_PERCENT = 15
    settings.OUTCOMES_HERO_MIN_OMZET = 10_000_000
    with translation.override("id"):
        assert "paling sedikit 15 % di atas" in heroes.rule_text() and "Rp10.000.000" in heroes.rule_text()
    with translation.override("en"):
        assert "at least 15 % above" in heroes.rule_text() and "Rp10,000,000" in heroes.rule_text()
