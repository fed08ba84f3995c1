"""The bugs of issue 16, each pinned by a test that failed before its fix."""

from datetime import date, timedelta

import pytest
from django.test import Client

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.core.formats import half_up, percent_change, rupiah_compact
from naikkelas.mentoring.services.followups import report_period
from naikkelas.outcomes import cohort, report, stats
from naikkelas.outcomes.tests.conftest import GRADUATED, World, enrol
from naikkelas.registry.models import MetricReport
from naikkelas.selection.models import Application, Graduation
from naikkelas.testing.programs import batch, organisation


def api(user) -> Client:  # type: ignore[no-untyped-def]
    return Client(headers={"Authorization": f"Bearer {api_token_create(user=user)}"})


@pytest.mark.django_db
def test_a_reversed_follow_up_window_is_refused_in_indonesian(world: World) -> None:
    response = api(world.personas.province_admin).get("/api/v1/reports/impact?window_from=12&window_to=6")
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["field"] == "window_to" and "harus sama dengan atau sesudah bulan awal" in error["message"]
    cohort_answer = api(world.personas.province_admin).get("/api/v1/reports/cohort?window_from=9&window_to=3")
    assert cohort_answer.status_code == 422


@pytest.mark.django_db
def test_the_six_month_follow_up_counts_as_month_six(world: World) -> None:
    """The 6-month follow-up falls due on 21 November for a 21 May graduate and describes October; a
    window of months 6 to 6 must find it (it looked for November and found nothing)."""

    class Due:
        due_on = date(2021, 11, 21)

    october = report_period(Due(), Due.due_on + timedelta(days=20))  # type: ignore[arg-type]
    assert october == date(2021, 10, 1)
    enrol(world, district="33.74.01", omzet=10_000_000, aset=40_000_000, workers=2,
          followups=[(october, 12_000_000, 41_000_000, 2)])  # fmt: skip
    f = cohort.CohortFilter(year=2021, level=1, window=(6, 6))
    summary = report.summarize(cohort.cohort(world.personas.province_admin, f).participants)
    assert summary.with_followup == 1
    assert cohort.window_bounds(GRADUATED, (6, 12)) == (date(2021, 10, 1), date(2022, 4, 1))


@pytest.mark.django_db
def test_both_groups_are_measured_from_the_same_level(world: World) -> None:
    """A Dasar graduate who went on to Menengah is measured from Dasar, as the comparison group is, not
    from the Menengah graduation months later."""
    went_on = enrol(world, district="33.74.01", omzet=10_000_000, aset=40_000_000, workers=2,
                    followups=[(date(2022, 4, 1), 13_000_000, 41_000_000, 2),
                               (date(2022, 9, 1), 30_000_000, 60_000_000, 4)])  # fmt: skip
    level2 = world.program.levels.get(rank=2)
    menengah = batch(level2, organisation("Balatkop Jateng 2", "33"), start=date(2021, 9, 6))
    Graduation.objects.create(
        enterprise=went_on, level=level2, batch=menengah, graduated_on=date(2021, 10, 1)
    )
    other = enrol(world, district="33.74.02", omzet=9_000_000, aset=30_000_000, workers=2, selected=False,
                  followups=[(date(2022, 4, 1), 9_500_000, 31_000_000, 2)])  # fmt: skip
    measured = {a.enterprise_id: a for a in cohort.applicants_of_user(world.personas.province_admin,
                                                                      cohort.CohortFilter(year=2021))}  # fmt: skip
    assert measured[went_on.pk].anchor == measured[other.pk].anchor == world.semarang.end_date
    assert measured[went_on.pk].followup == (13_000_000, 41_000_000, 2)  # April 2022, not September
    assert measured[went_on.pk].went_on and measured[went_on.pk].offered and not measured[other.pk].offered


@pytest.mark.django_db
def test_a_frozen_baseline_cannot_be_patched_through_the_api(world: World) -> None:
    """Selection started (the application is ranked), so its baseline is frozen: the PATCH is refused
    and the cohort's baseline stays as judged."""
    enterprise = enrol(world, district="33.74.01", omzet=10_000_000, aset=40_000_000, workers=2)
    baseline = Application.objects.get(enterprise=enterprise).baseline
    response = api(world.personas.province_admin).patch(
        f"/api/v1/metric-reports/{baseline.pk}", {"omzet": 1_000_000}, content_type="application/json"
    )
    assert response.status_code == 422
    assert MetricReport.objects.get(pk=baseline.pk).omzet == 10_000_000


@pytest.mark.django_db
def test_a_regency_admin_asking_for_the_province_is_told_it_is_their_regency(world: World) -> None:
    enrol(world, district="33.74.01", omzet=10_000_000, aset=40_000_000, workers=2)
    enrol(world, district="33.19.01", omzet=20_000_000, aset=60_000_000, workers=5)
    admin = world.personas.semarang_admin
    body = api(admin).get("/api/v1/reports/cohort?year=2021&region=33").json()
    assert body["participants"] == 1
    assert body["notice"] is not None and "Kota Semarang" in body["notice"]
    assert api(admin).get("/api/v1/reports/cohort?year=2021&region=33.74").json()["notice"] is None
    assert api(admin).get("/api/v1/reports/impact?year=2021&region=33").json()["notice"] is not None
    province = api(world.personas.province_admin).get("/api/v1/reports/cohort?year=2021&region=33").json()
    assert province["participants"] == 2 and province["notice"] is None
    page = Client()
    page.force_login(admin)
    answer = page.get("/hasil/?year=2021&region=33")
    assert 'id="scope-narrowed"' in answer.text and "Kota Semarang" in answer.text
    assert answer.context["filter"].year == 2021  # the other filters are kept


@pytest.mark.django_db
def test_balance_shows_no_nan_for_a_one_member_group(world: World) -> None:
    enrol(world, district="33.74.01", omzet=10_000_000, aset=40_000_000, workers=2)
    enrol(world, district="33.74.02", omzet=12_000_000, aset=40_000_000, workers=2)
    enrol(world, district="33.74.03", omzet=9_000_000, aset=30_000_000, workers=2, selected=False)
    assert stats.standardized_difference([1.0, 2.0], [3.0]) is None
    page = Client()
    page.force_login(world.personas.province_admin)
    answer = page.get("/hasil/?year=2021&level=1")
    table = answer.text.split('id="balance"')[1].split("</table>")[0]
    assert answer.status_code == 200 and "nan" not in table.lower() and "<td>–</td>" in table


def test_one_rounding_rule_for_page_xlsx_and_compact_rupiah() -> None:
    assert percent_change(123.75) == "+123,8 %" and half_up(123.75, 1) == 123.8
    assert percent_change(-0.04) == "±0,0 %"  # never "−0,0 %"
    assert half_up(-0.04, 1) == 0.0 and str(half_up(-0.04, 1)) == "0.0"
    assert half_up(2.675, 2) == 2.68  # half up from the decimal form (round() gives 2.67)
    assert rupiah_compact(2_405_000_000) == "Rp2,41 miliar"  # Babel alone gave 2,4 (half to even)
    assert rupiah_compact(12_345_000) == "Rp12,35 juta"
    assert rupiah_compact(2_400_000_000) == "Rp2,4 miliar"
