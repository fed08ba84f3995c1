from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from naikkelas.selection import eligibility as e

SETTINGS = e.Settings(
    level_rank=1, min_business_months=12, min_omzet=5_000_000, requires_nib=False, max_size_class="small",
    window_closes_on=date(2021, 3, 31), organiser_province="33", organiser_regency="33.74",
)  # fmt: skip
APPLICANT = e.Applicant(
    started_on=date(2018, 1, 1), omzet=8_000_000, nib="", size_class="micro", province_code="33",
    regency_code="33.74",
)  # fmt: skip


def results(applicant: e.Applicant = APPLICANT, settings: e.Settings = SETTINGS) -> dict[str, e.RuleResult]:
    return {r.rule: r for r in e.evaluate(applicant, settings)}


def with_(obj, **changes):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(obj, **changes)


def test_business_of_exactly_twelve_months_at_close_passes() -> None:
    assert results(with_(APPLICANT, started_on=date(2020, 3, 31)))["business_age"].passed


def test_business_one_day_short_of_twelve_months_fails_with_dates_in_the_reason() -> None:
    result = results(with_(APPLICANT, started_on=date(2020, 4, 1)))["business_age"]
    assert not result.passed
    assert e.reason(result, "id") == (
        "Usaha berjalan sejak 1 April 2020: baru 11 bulan saat pendaftaran ditutup (31 Maret 2021), "
        "kurang dari minimal 12 bulan."
    )
    assert e.reason(result, "en") == (
        "In business since 1 April 2020: only 11 months when applications close (31 March 2021), "
        "less than the required 12 months."
    )


def test_the_reason_states_how_long_the_business_has_run_not_the_threshold() -> None:
    """A business of 7½ years is not told it has "12 months"."""
    result = results(with_(APPLICANT, started_on=date(2013, 9, 15)))["business_age"]
    assert result.passed
    assert "sudah 7 tahun 6 bulan saat pendaftaran ditutup (31 Maret 2021), minimal 12 bulan" in e.reason(
        result, "id"
    )
    assert "7 years 6 months when applications close" in e.reason(result, "en")
    exactly = results(with_(APPLICANT, started_on=date(2020, 3, 31)))["business_age"]
    assert "sudah 1 tahun saat" in e.reason(exactly, "id") and "1 year when" in e.reason(exactly, "en")


def test_size_classes_and_regions_are_named_in_words() -> None:
    checked = results()
    assert e.reason(checked["size"], "id") == "Skala usaha mikro, paling tinggi kecil."
    assert e.reason(checked["size"], "en") == "Size class micro, at most small."
    assert e.reason(checked["region"], "id", {"33.74": "Kota Semarang"}) == (
        "Usaha berada di wilayah penyelenggara (Kota Semarang)."
    )


def test_stored_results_are_rendered_again_in_todays_words() -> None:
    stored = results(with_(APPLICANT, started_on=date(2013, 9, 15)))["business_age"].as_json()
    stored["reason_id"] = "Usaha berjalan sejak 2013-09-15: sudah 12 bulan…"  # as an older version wrote it
    assert e.stored_reason(stored, "id").startswith("Usaha berjalan sejak 15 September 2013: sudah 7 tahun")
    old = {"passed": True, "reason_id": "Teks lama.", "reason_en": "Old text."}  # stored before params
    assert e.stored_reason(old, "en") == "Old text."
    assert e.rule_label("business_age") == "Lama usaha" and e.rule_label("turnover") == "Omzet"


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 900))
def test_whole_months_between_inverts_add_months(start: date, months: int) -> None:
    from naikkelas.core.dates import add_months, whole_months_between

    end = add_months(start, months)
    assert whole_months_between(start, end) >= months
    assert add_months(start, whole_months_between(start, end)) <= end


def test_month_end_start_counts_to_the_last_day_of_the_month() -> None:
    # Started 29 February 2020: twelve months later is 28 February 2021.
    closes_28_feb = with_(SETTINGS, window_closes_on=date(2021, 2, 28))
    assert results(with_(APPLICANT, started_on=date(2020, 2, 29)), closes_28_feb)["business_age"].passed


def test_turnover_of_exactly_five_million_passes_and_one_rupiah_less_fails() -> None:
    assert results(with_(APPLICANT, omzet=5_000_000))["turnover"].passed
    result = results(with_(APPLICANT, omzet=4_999_999))["turnover"]
    assert not result.passed
    assert e.reason(result, "id") == "Omzet Rp4.999.999 per bulan, kurang dari minimal Rp5.000.000."
    assert e.reason(result, "en") == "Turnover Rp4,999,999 a month, below the minimum of Rp5,000,000."


def test_nib_only_where_the_level_demands_it() -> None:
    assert results()["nib"].passed
    assert not results(settings=with_(SETTINGS, requires_nib=True))["nib"].passed
    assert results(with_(APPLICANT, nib="9120012345678"), with_(SETTINGS, requires_nib=True))["nib"].passed


def test_higher_levels_need_the_previous_one_and_not_this_one() -> None:
    level2 = with_(SETTINGS, level_rank=2, organiser_regency="")
    assert not results(settings=level2)["previous_level"].passed
    graduated = with_(APPLICANT, graduated_ranks=frozenset({1}))
    assert results(graduated, level2)["previous_level"].passed
    assert not results(graduated, SETTINGS)["not_graduated"].passed


def test_enterprise_outside_the_organisers_region_fails() -> None:
    kudus = with_(APPLICANT, regency_code="33.19")
    assert not results(kudus)["region"].passed
    province = with_(SETTINGS, organiser_regency="")
    assert results(kudus, province)["region"].passed
    assert not results(with_(APPLICANT, province_code="34"), province)["region"].passed


def test_size_above_the_levels_limit_fails() -> None:
    assert results(with_(APPLICANT, size_class="small"))["size"].passed
    assert not results(with_(APPLICANT, size_class="medium"))["size"].passed


def test_placement_recommends_the_highest_fitting_level() -> None:
    level1 = SETTINGS
    level2 = with_(SETTINGS, level_rank=2, organiser_regency="", min_omzet=10_000_000)
    assert e.recommend_rank(APPLICANT, [level1, level2]) == 1
    graduate = with_(APPLICANT, graduated_ranks=frozenset({1}), omzet=12_000_000)
    assert e.recommend_rank(graduate, [level1, level2]) == 2
    assert e.recommend_rank(with_(APPLICANT, omzet=1), [level1, level2]) is None


@given(st.integers(min_value=0, max_value=10**11), st.integers(min_value=0, max_value=10**9))
def test_turnover_rule_is_exactly_the_threshold(omzet: int, minimum: int) -> None:
    result = e.turnover(with_(APPLICANT, omzet=omzet), with_(SETTINGS, min_omzet=minimum))
    assert result.passed == (omzet >= minimum)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2021, 12, 31)))
def test_business_age_agrees_with_calendar_months(started: date) -> None:
    passed = e.business_age(with_(APPLICANT, started_on=started), SETTINGS).passed
    months = (
        (SETTINGS.window_closes_on.year - started.year) * 12 + SETTINGS.window_closes_on.month - started.month
    )
    if SETTINGS.window_closes_on.day < started.day and not (
        started.day > 28 and SETTINGS.window_closes_on.day == 31
    ):
        months -= 1
    assert passed == (months >= 12)
