"""The database computes the same cohort figures as the Python path (`report.summarize` over members)."""

import random
from datetime import date, datetime

import pytest
from django.db import connection

from naikkelas.mentoring.models import FollowUp
from naikkelas.outcomes import aggregates, cohort, report
from naikkelas.outcomes.tests.conftest import JAKARTA, World, enrol
from naikkelas.registry.models import Enterprise, MetricReport
from naikkelas.selection.models import Application
from naikkelas.testing.programs import batch, organisation
from naikkelas.training.models import Graduation

NOV, FEB, APR, JUN = date(2021, 11, 1), date(2022, 2, 1), date(2022, 4, 1), date(2022, 6, 1)
DISTRICTS = ["33.74.01", "33.74.02", "33.19.01", "33.19.02"]
SECTORS = ["food", "craft", "fashion"]


def awkward(world: World, *, extra: int) -> None:
    """Ties, a member without follow-up, one outside the window, two in the window, a closed business,
    a mentor's visit, an enterprise that graduated twice, and `extra` random members."""
    for omzet in (5_000_000, 5_000_000, 7_000_000):  # ties in baseline and follow-up
        enrol(world, district="33.74.01", omzet=omzet, aset=20_000_000, workers=2,
              followups=[(APR, 9_000_000, 21_000_000, 2)])  # fmt: skip
    enrol(world, district="33.74.02", omzet=8_000_000, aset=30_000_000, workers=2)  # never answered
    enrol(world, district="33.19.01", omzet=6_000_000, aset=20_000_000, workers=1,
          followups=[(JUN, 99_000_000, 99_000_000, 99)])  # outside the 6–12 window  # fmt: skip
    enrol(world, district="33.19.02", omzet=10_000_000, aset=40_000_000, workers=3, sector="craft",
          followups=[(NOV, 15_000_000, 45_000_000, 3), (APR, 22_000_000, 50_000_000, 4)])  # fmt: skip
    enrol(world, district="33.74.01", omzet=4_000_000, aset=10_000_000, workers=1, sector="craft",
          source=MetricReport.Source.MENTOR_VISIT, followups=[(FEB, 4_500_000, 11_000_000, 1)])  # fmt: skip
    closed = enrol(world, district="33.74.02", omzet=3_000_000, aset=9_000_000, workers=1)
    FollowUp.objects.create(
        enterprise=closed, program=world.program, group=FollowUp.Group.PARTICIPANT, month_offset=6,
        anchor_on=date(2021, 5, 21), due_on=date(2021, 11, 21), link_expires_on=date(2022, 1, 21), status=FollowUp.Status.CLOSED,
    )  # fmt: skip
    # a follow-up and a mentor's visit for the same month: the later one (higher id) counts
    same_month = enrol(world, district="33.19.01", omzet=2_000_000, aset=5_000_000, workers=1,
                       followups=[(APR, 2_100_000, 5_000_000, 1)])  # fmt: skip
    MetricReport.objects.create(enterprise=same_month, period=APR, omzet=2_300_000, aset=5_500_000, workers=2,
                                source=MetricReport.Source.MENTOR_VISIT)  # fmt: skip
    # went on to level 2: answered in June 2022, outside level 1's window, inside level 2's
    twice = enrol(world, district="33.19.02", omzet=1_000_000, aset=3_000_000, workers=1,
                  followups=[(JUN, 1_500_000, 3_500_000, 1)])  # fmt: skip
    graduated_again(world, twice)
    enrol(world, district="33.74.01", omzet=9_000_000, aset=9_000_000, workers=1, selected=False,
          followups=[(APR, 9_500_000, 9_000_000, 1)])  # the comparison group is not in the totals  # fmt: skip
    rng = random.Random(17)
    for _ in range(extra):
        enrol(world, district=rng.choice(DISTRICTS), sector=rng.choice(SECTORS),
              omzet=rng.randrange(1, 40) * 1_000_000, aset=rng.randrange(1, 90) * 1_000_000,
              workers=rng.randrange(1, 9),
              followups=[(month, rng.randrange(1, 60) * 1_000_000, rng.randrange(1, 99) * 1_000_000,
                          rng.randrange(1, 12))
                         for month in rng.sample([NOV, FEB, APR, JUN], rng.randrange(0, 3))])  # fmt: skip


def graduated_again(world: World, enterprise: Enterprise) -> None:
    """The enterprise went on to the second level (graduated 2021-12-17): its latest graduation."""
    level2 = world.program.levels.get(rank=2)
    upper = batch(level2, organisation("Balatkop", "33"), start=date(2021, 12, 6))
    baseline = MetricReport.objects.create(
        enterprise=enterprise, period=date(2021, 9, 1), omzet=2_200_000, aset=5_200_000, workers=1,
        source=MetricReport.Source.APPLICATION,
    )  # fmt: skip
    Application.objects.create(
        batch=upper, level=level2, enterprise=enterprise, person=enterprise.owner, baseline=baseline,
        status=Application.Status.SELECTED, followup_consent=True, consent_purpose="…", consent_version="t",
        consented_at=datetime(2021, 10, 2, tzinfo=JAKARTA), status_nonce=f"m{enterprise.pk}",
        province_code=enterprise.province_code, regency_code=enterprise.regency_code,
    )  # fmt: skip
    Graduation.objects.create(
        enterprise=enterprise, level=level2, batch=upper, graduated_on=date(2021, 12, 17)
    )


def python_path(world: World, f: cohort.CohortFilter, user: object = None) -> list[cohort.Member]:
    who = user or world.personas.province_admin
    return cohort.cohort(who, f, with_comparison=False).participants  # type: ignore[arg-type]


FILTERS = [
    cohort.CohortFilter(year=2021),
    cohort.CohortFilter(year=2021, level=1),
    cohort.CohortFilter(year=2021, level=2),
    cohort.CohortFilter(year=2021, window=(6, 7)),
    cohort.CohortFilter(year=2021, window=(3, 24)),
    cohort.CohortFilter(region="33.19"),
    cohort.CohortFilter(sector="craft"),
    cohort.CohortFilter(year=2030),  # nobody
]


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [0, 1, 24])  # odd and even member counts
def test_the_database_gives_the_python_figures(world: World, extra: int) -> None:
    awkward(world, extra=extra)
    user = world.personas.province_admin
    for f in FILTERS:
        members = python_path(world, f)
        figures = aggregates.figures_for_user(user, f)
        assert figures.summary == aggregates.summary_for_user(user, f) == report.summarize(members), f
        assert figures.by_sector == report.breakdown(members, "sector"), f
        assert figures.by_regency == report.breakdown(members, "regency_code"), f


@pytest.mark.django_db
def test_medians_keep_the_python_type_and_the_tied_middle(world: World) -> None:
    awkward(world, extra=0)
    summary = aggregates.summary_for_user(
        world.personas.province_admin, cohort.CohortFilter(year=2021, level=1)
    )
    # answered at level 1: baselines 2, 4, 5, 5, 7 and 10 million (an even count, a tie in the middle)
    assert (summary.participants, summary.with_followup) == (10, 6)
    omzet = summary.metrics["omzet"]
    assert omzet.baseline_median == 5_000_000 and isinstance(omzet.baseline_median, float)
    assert omzet.followup_median == 9_000_000
    assert omzet.baseline_total == 2_000_000 + 4_000_000 + 5_000_000 * 2 + 7_000_000 + 10_000_000
    assert omzet.followup_total == 2_300_000 + 4_500_000 + 9_000_000 * 3 + 22_000_000
    # the whole year: the level-2 graduate counts at level 2, where June 2022 is in its window (odd count)
    whole = aggregates.summary_for_user(world.personas.province_admin, cohort.CohortFilter(year=2021))
    assert (whole.participants, whole.with_followup) == (10, 7)
    assert whole.metrics["omzet"].baseline_median == 5_000_000
    assert isinstance(whole.metrics["omzet"].baseline_median, int)
    assert whole.metrics["omzet"].baseline_total == omzet.baseline_total + 2_200_000


@pytest.mark.django_db
def test_the_middle_rows_equal_percentile_cont_on_postgresql(world: World) -> None:
    awkward(world, extra=24)
    enterprises = Enterprise.objects.all()
    f = cohort.CohortFilter(year=2021)
    middle_rows = aggregates.figure_sets(enterprises, f, percentile=False)
    assert middle_rows == aggregates.figure_sets(enterprises, f)
    assert len(middle_rows[0]["regency_code"]) == 2 and len(middle_rows[0]["sector"]) == 3
    if connection.vendor == "postgresql":
        assert middle_rows == aggregates.figure_sets(enterprises, f, percentile=True)


@pytest.mark.django_db
def test_a_semarang_admin_gets_kota_semarang_totals_only(world: World) -> None:
    awkward(world, extra=0)
    f = cohort.CohortFilter(year=2021, level=1)
    semarang = aggregates.summary_for_user(world.personas.semarang_admin, f)
    assert semarang == report.summarize(python_path(world, f, world.personas.semarang_admin))
    # Kota Semarang's level-1 graduates: three tied, the silent one, the mentor's visit and the closed one
    assert (semarang.participants, semarang.with_followup) == (6, 4)
    assert semarang.metrics["omzet"].baseline_total == 5_000_000 * 2 + 7_000_000 + 4_000_000
    by_regency = aggregates.figures_for_user(world.personas.semarang_admin, f).by_regency
    assert [code for code, _s in by_regency] == ["33.74"]
    kudus = aggregates.summary_for_user(world.personas.semarang_admin, cohort.CohortFilter(region="33.19"))
    assert kudus.participants == 0 and kudus.metrics["omzet"].baseline_median is None


@pytest.mark.django_db
def test_the_growth_chart_counts_what_python_counts(world: World) -> None:
    from naikkelas.outcomes import charts

    awkward(world, extra=24)
    # a firm growing exactly 25 % sits at a bin's lower edge
    enrol(world, district="33.74.01", omzet=4_000_000, aset=1, workers=1, followups=[(APR, 5_000_000, 1, 1)])
    f = cohort.CohortFilter(year=2021)
    members = python_path(world, f)
    growth = [
        (m.followup[0] - m.baseline[0]) * 100 / m.baseline[0]
        for m in members
        if m.followup is not None and m.baseline[0] > 0
    ]
    counts = aggregates.figures_for_user(world.personas.province_admin, f).growth_counts
    assert tuple(charts.EDGES[1:-1]) == aggregates.GROWTH_EDGES
    assert charts.histogram_of(counts) == charts.growth_histogram(growth)
    assert sum(counts) == len(growth) == report.summarize(members).with_followup > 15


@pytest.mark.django_db
def test_summaries_give_the_rows_figures_for_a_province_and_a_regency(world: World) -> None:
    from naikkelas.outcomes import summaries

    awkward(world, extra=24)
    assert (
        summaries.figures_from_summaries(world.personas.province_admin, cohort.CohortFilter(year=2021))
        is None
    )
    written = summaries.summaries_refresh()
    assert written > 0
    for who in (world.personas.province_admin, world.personas.semarang_admin):
        for f in [
            cohort.CohortFilter(year=2021),
            cohort.CohortFilter(year=2021, level=1),
            cohort.CohortFilter(year=2021, level=2),
            cohort.CohortFilter(year=2021, region="33.19"),
            cohort.CohortFilter(year=2021, level=1, region="33.74"),
        ]:
            kept = summaries.figures_from_summaries(who, f)
            if who == world.personas.semarang_admin and f.region == "33.19":
                assert kept is None  # beyond the admin's scope: the rows path says so (and finds nothing)
                continue
            assert kept is not None, (who, f)
            assert kept[0] == aggregates.figures_for_user(who, f), (who, f)
    # a Kota Semarang admin reads Kota Semarang's row: Kudus is in neither figure set
    semarang, _when = summaries.figures_from_summaries(
        world.personas.semarang_admin, cohort.CohortFilter(year=2021)
    )  # type: ignore[misc]
    assert [code for code, _s in semarang.by_regency] == ["33.74"]
    assert semarang.summary == report.summarize(
        python_path(world, cohort.CohortFilter(year=2021), world.personas.semarang_admin)
    )


@pytest.mark.django_db
def test_summaries_do_not_answer_a_narrower_report(world: World) -> None:
    from naikkelas.outcomes import summaries

    awkward(world, extra=0)
    summaries.summaries_refresh()
    admin = world.personas.province_admin
    for f in [
        cohort.CohortFilter(),  # every year
        cohort.CohortFilter(year=2021, sector="craft"),
        cohort.CohortFilter(year=2021, region="33.74.01"),  # a district
        cohort.CohortFilter(year=2021, window=(6, 7)),
        cohort.CohortFilter(year=2021, program=world.program.pk),
    ]:
        assert summaries.figures_from_summaries(admin, f) is None, f
    assert summaries.figures_from_summaries(world.personas.mentor, cohort.CohortFilter(year=2021)) is None


@pytest.mark.django_db
def test_real_rupiah_totals_in_sql_equal_the_python_deflation(world: World) -> None:
    from decimal import Decimal

    from naikkelas.outcomes import prices
    from naikkelas.outcomes.models import PriceIndex

    awkward(world, extra=24)
    # 1,000,100 × 100.50 / 100.00 = 1,005,100.5 and 1,000,300 × … = 1,005,301.5: ties, rounded to even
    for omzet in (1_000_100, 1_000_300):
        enrol(world, district="33.74.02", omzet=omzet, aset=omzet, workers=1,
              followups=[(FEB, omzet, 3 * omzet, 1)])  # fmt: skip
    months = {
        date(2021, 2, 1): "100.00",
        NOV: "101.37",
        FEB: "100.00",
        APR: "102.91",
        date(2022, 12, 1): "100.50",
    }
    for month, value in months.items():  # June 2022 has no index: its answers are left out ("missing")
        PriceIndex.objects.create(province_id="33", month=month, value=Decimal(value))
    user = world.personas.province_admin
    index = prices.index_table({"33"})
    for base in (date(2022, 12, 1), APR):
        for f in [*FILTERS, cohort.CohortFilter(year=2021, window=(3, 24))]:
            expected = prices.real_totals(python_path(world, f), index, base)
            assert aggregates.real_totals_for_user(user, f, base) == expected, (f, base)
    wide = cohort.CohortFilter(year=2021, window=(3, 24))
    whole = aggregates.real_totals_for_user(user, wide, date(2022, 12, 1))
    assert whole is not None and whole.missing > 0 and whole.members > 10
    assert prices.deflate(1_000_100, Decimal("100.00"), Decimal("100.50")) == 1_005_100  # the tie, to even
    # a base month without an index: no real figures at all, as in Python
    assert aggregates.real_totals_for_user(user, cohort.CohortFilter(year=2021), date(2020, 1, 1)) is None
    semarang = world.personas.semarang_admin
    f = cohort.CohortFilter(year=2021)
    assert aggregates.real_totals_for_user(semarang, f, FEB) == prices.real_totals(
        python_path(world, f, semarang), index, FEB
    )


@pytest.mark.django_db
def test_a_latest_graduation_recorded_by_hand_leaves_the_firm_out_not_counted_earlier(world: World) -> None:
    awkward(world, extra=1)
    # graduated level 1 with an application, then level 2 recorded by hand (no application, no baseline)
    by_hand = enrol(world, district="33.74.01", omzet=6_500_000, aset=7_000_000, workers=1,
                    followups=[(APR, 8_000_000, 7_500_000, 1)])  # fmt: skip
    upper = batch(world.program.levels.get(rank=2), organisation("Balatkop", "33"), start=date(2021, 12, 6))
    Graduation.objects.create(
        enterprise=by_hand, level=upper.level, batch=upper, graduated_on=date(2021, 12, 17)
    )
    user = world.personas.province_admin
    for f in FILTERS:
        assert aggregates.summary_for_user(user, f) == report.summarize(python_path(world, f)), f
    whole = {m.enterprise_id for m in python_path(world, cohort.CohortFilter(year=2021))}
    assert by_hand.pk not in whole  # its latest graduation has no baseline
    level1 = aggregates.summary_for_user(user, cohort.CohortFilter(year=2021, level=1))
    assert (
        level1.participants
        == aggregates.summary_for_user(user, cohort.CohortFilter(year=2021)).participants + 1
    )


@pytest.mark.django_db
def test_a_scope_that_holds_nobody_gets_empty_figures_not_an_error(world: World) -> None:
    """A user whose scope holds nobody reads an empty cohort: the windows are read without the scope, so the
    scope's empty query must still end in no members (it raised EmptyResultSet: a 500 on /hasil/)."""
    awkward(world, extra=0)
    f = cohort.CohortFilter(year=2021, level=1)
    nobody = aggregates.summary_for_user(world.personas.outsider, f)
    assert (nobody.participants, nobody.with_followup) == (0, 0)
    assert aggregates.figures_for_user(world.personas.outsider, f).by_regency == []
