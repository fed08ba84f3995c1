from datetime import date

import pytest

from naikkelas.outcomes import cohort, report
from naikkelas.outcomes.tests.conftest import World, enrol

NOV, APR, JUN = date(2021, 11, 1), date(2022, 4, 1), date(2022, 6, 1)


def populate(world: World) -> None:
    # Kota Semarang: three graduates; Kudus: two. Months count from graduation (May 2021): Nov 2021 is the
    # 6th month, Apr 2022 the 11th, Jun 2022 the 13th (outside the default 6–12 window).
    enrol(world, district="33.74.01", omzet=10_000_000, aset=40_000_000, workers=2,
          followups=[(NOV, 15_000_000, 45_000_000, 3), (APR, 22_000_000, 50_000_000, 4)])  # fmt: skip
    enrol(world, district="33.74.02", omzet=6_000_000, aset=20_000_000, workers=1,
          followups=[(APR, 9_000_000, 21_000_000, 2), (JUN, 99_000_000, 99_000_000, 99)])  # fmt: skip
    enrol(world, district="33.74.03", omzet=8_000_000, aset=30_000_000, workers=2)  # never answered
    enrol(world, district="33.19.01", omzet=20_000_000, aset=60_000_000, workers=5,
          followups=[(APR, 30_000_000, 70_000_000, 6)])  # fmt: skip
    enrol(world, district="33.19.02", omzet=5_000_000, aset=10_000_000, workers=1,
          followups=[(NOV, 5_500_000, 11_000_000, 1)])  # fmt: skip


@pytest.mark.django_db
def test_totals_ratio_percent_medians_and_response_rate(world: World) -> None:
    populate(world)
    found = cohort.cohort(world.personas.province_admin, cohort.CohortFilter(year=2021, level=1))
    summary = report.summarize(found.participants)
    assert (summary.participants, summary.with_followup) == (5, 4)
    assert summary.response_rate == pytest.approx(0.8)
    omzet = summary.metrics["omzet"]
    # the latest report inside the window counts (Apr 2022, not Nov 2021; never Jun 2022)
    assert omzet.baseline_total == 10_000_000 + 6_000_000 + 20_000_000 + 5_000_000
    assert omzet.followup_total == 22_000_000 + 9_000_000 + 30_000_000 + 5_500_000
    assert omzet.ratio == pytest.approx(66_500_000 / 41_000_000)
    assert omzet.percent_change == pytest.approx((66_500_000 / 41_000_000 - 1) * 100)
    assert omzet.ratio is not None and omzet.percent_change != pytest.approx(
        omzet.ratio * 100
    )  # the article's mistake
    assert omzet.baseline_median == 8_000_000 and omzet.followup_median == 15_500_000
    assert summary.metrics["workers"].followup_total == 4 + 2 + 6 + 1


@pytest.mark.django_db
def test_the_window_is_a_choice(world: World) -> None:
    populate(world)
    f = cohort.CohortFilter(year=2021, level=1, window=(6, 7))
    summary = report.summarize(cohort.cohort(world.personas.province_admin, f).participants)
    assert summary.with_followup == 2  # only the November reports (6th month)
    assert summary.metrics["omzet"].followup_total == 15_000_000 + 5_500_000


@pytest.mark.django_db
def test_a_semarang_admin_sees_kota_semarang_only_totals_included(world: World) -> None:
    populate(world)
    found = cohort.cohort(world.personas.semarang_admin, cohort.CohortFilter(year=2021))
    summary = report.summarize(found.participants)
    assert summary.participants == 3 and {m.regency_code for m in found.participants} == {"33.74"}
    assert summary.metrics["omzet"].baseline_total == 16_000_000
    kudus_filter = cohort.CohortFilter(region="33.19")
    assert cohort.cohort(world.personas.semarang_admin, kudus_filter).participants == []
    province = cohort.cohort(world.personas.province_admin, kudus_filter).participants
    assert len(province) == 2


@pytest.mark.django_db
def test_the_comparison_group_is_eligible_not_selected_and_consenting(world: World) -> None:
    populate(world)
    kept = enrol(world, district="33.74.04", omzet=7_000_000, aset=20_000_000, workers=2, selected=False,
                 followups=[(APR, 7_500_000, 21_000_000, 2)])  # fmt: skip
    enrol(
        world, district="33.74.05", omzet=7_000_000, aset=20_000_000, workers=2, selected=False, consent=False
    )
    found = cohort.cohort(world.personas.province_admin, cohort.CohortFilter(year=2021, level=1))
    assert [m.enterprise_id for m in found.comparison] == [kept.pk]
    assert found.comparison[0].followup == (7_500_000, 21_000_000, 2)
    estimate = report.impact(found.participants, found.comparison)
    assert "too_small" in estimate.warnings and not estimate.concluded


def test_charts_scale_to_the_largest_value_and_count_growth_in_bins() -> None:
    from naikkelas.outcomes import charts

    bars = charts.paired_bars([("Makanan", 10.0, 20.0), ("Kerajinan", 5.0, 5.0)], str)
    assert bars.rows[0].after_width == pytest.approx(charts.WIDTH - charts.LABEL - 4)
    assert bars.rows[1].before_width == pytest.approx(bars.rows[0].after_width / 4)
    histogram = charts.growth_histogram([-30, -5, 10, 30, 60, 60, 150, 500])
    assert [b.count for b in histogram.bins] == [1, 1, 1, 1, 2, 1, 1]
    assert max(b.height for b in histogram.bins) == 100
    (participants,) = charts.rate_bars([("Peserta", 4, 2)])
    assert participants.text == "2/4" and participants.width == pytest.approx(participants.span / 2)


def test_chart_labels_and_counts_stay_inside_the_chart() -> None:
    """The response chart once clipped its "106/106"; a long regency's name was cut to 18 letters."""
    from naikkelas.outcomes import charts

    rows = charts.rate_bars([("Peserta", 106, 106), ("Pembanding", 2_158, 1_234)], "id")
    assert [row.text for row in rows] == ["106/106", "1.234/2.158"]
    for row in rows:
        assert row.text_x >= charts.LABEL + row.width  # the count starts after its bar
        assert row.text_x + charts.text_width(row.text, charts.TEXT_SIZE) <= charts.WIDTH
    assert rows[0].width == pytest.approx(rows[0].span)  # 106 of 106 fills the whole track
    names = ["Kabupaten Pangkajene dan Kepulauan", "Kabupaten Banjarnegara", "Kota Tegal"]
    bars = charts.paired_bars([(name, 1.0, 2.0) for name in names], str)
    longest, longer, short = bars.rows
    assert short.lines == ("Kota Tegal",) and short.label_size == charts.LABEL_SIZE
    assert longer.lines == ("Kabupaten Banjarnegara",) and longer.label_size == charts.LABEL_SIZE_SMALL
    assert longest.lines == ("Kabupaten Pangkajene", "dan Kepulauan")  # whole, on two lines
    for bar in bars.rows:
        assert all(charts.text_width(line, bar.label_size) <= charts.LABEL - 4 for line in bar.lines)


@pytest.mark.django_db
def test_the_comparison_group_read_for_its_enterprises_only_is_the_whole_definition(world: World) -> None:
    from datetime import datetime

    from naikkelas.outcomes.tests.conftest import JAKARTA
    from naikkelas.registry.models import Enterprise, MetricReport
    from naikkelas.selection.cohorts import COMPARISON, measured_applicants
    from naikkelas.selection.models import Application
    from naikkelas.testing.programs import batch, organisation

    populate(world)
    upper = batch(world.program.levels.get(rank=2), organisation("Balatkop", "33"), start=date(2021, 12, 6))

    def apply_upper(enterprise: Enterprise, status: str, consent: bool) -> None:
        baseline = MetricReport.objects.create(enterprise=enterprise, period=date(2021, 9, 1), omzet=1, aset=1,
                                               workers=1, source=MetricReport.Source.APPLICATION)  # fmt: skip
        Application.objects.create(
            batch=upper, level=upper.level, enterprise=enterprise, person=enterprise.owner, baseline=baseline,
            status=status, followup_consent=consent, consent_purpose="…", consent_version="t",
            consented_at=datetime(2021, 10, 2, tzinfo=JAKARTA), status_nonce=f"u{enterprise.pk}",
            province_code=enterprise.province_code, regency_code=enterprise.regency_code,
        )  # fmt: skip

    kept = enrol(world, district="33.74.04", omzet=7_000_000, aset=1, workers=1, selected=False)
    # rejected at level 1 (consenting), selected at level 2 of the same program: never a comparison member
    later_selected = enrol(world, district="33.74.04", omzet=7_000_000, aset=1, workers=1, selected=False)
    apply_upper(later_selected, Application.Status.SELECTED, True)
    # rejected at level 1 without consent, then at level 2 with it: a comparison member from level 2
    from_upper = enrol(
        world, district="33.19.01", omzet=7_000_000, aset=1, workers=1, selected=False, consent=False
    )
    apply_upper(from_upper, Application.Status.REJECTED, True)
    for f in (cohort.CohortFilter(year=2021), cohort.CohortFilter(year=2021, level=1), cohort.CohortFilter()):
        whole = [
            m
            for m in measured_applicants(Application.objects.filter(cohort._level_filters(f, "level__")))
            if m.group == COMPARISON
        ]
        found = cohort.comparison(Enterprise.objects.all(), f)
        assert sorted((m.enterprise_id, m.anchor) for m in found) == sorted(
            (m.enterprise_id, m.anchor) for m in whole
        ), f
    assert {m.enterprise_id for m in cohort.comparison(Enterprise.objects.all(), cohort.CohortFilter())} == {
        kept.pk,
        from_upper.pk,
    }
