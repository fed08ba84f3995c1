from datetime import date

import pytest
from django.test import Client

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.core.formats import rupiah_compact
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


@pytest.mark.django_db
def test_pages_and_api_answer_an_empty_cohort_plainly_and_keep_scope(world: World) -> None:
    populate(world)
    admin = Client()
    admin.force_login(world.personas.semarang_admin)
    page = admin.get("/hasil/?year=2021&level=1")
    assert page.status_code == 200 and page.context["summary"].participants == 3
    empty = admin.get("/hasil/?year=2019")
    assert empty.status_code == 200 and 'id="empty-cohort"' in empty.text
    participant = Client()
    participant.force_login(world.personas.participant)
    assert participant.get("/hasil/").status_code == 403
    token = api_token_create(user=world.personas.semarang_admin)
    api = Client(headers={"Authorization": f"Bearer {token}"})
    body = api.get("/api/v1/reports/cohort?year=2021&level=1").json()
    assert body["participants"] == 3 and body["with_followup"] == 2
    assert body["omzet"]["baseline_total"] == 16_000_000 and body["omzet"]["followup_total"] == 31_000_000
    assert body["omzet"]["ratio"] == pytest.approx(31 / 16) and body["omzet"][
        "percent_change"
    ] == pytest.approx(93.75)
    assert api.get("/api/v1/reports/cohort?year=2019").json()["participants"] == 0
    assert api.get("/api/v1/reports/cohort?level=x").status_code == 422
    impact = api.get("/api/v1/reports/impact?year=2021").json()["impacts"][0]
    assert impact["metric"] == "omzet" and impact["estimate"] is None and "too_small" in impact["warnings"]
    viewer = Client(headers={"Authorization": f"Bearer {api_token_create(user=world.personas.viewer)}"})
    assert viewer.get("/api/v1/reports/cohort?year=2021").json()["participants"] == 5
    outsider = Client(
        headers={"Authorization": f"Bearer {api_token_create(user=world.personas.participant)}"}
    )
    assert outsider.get("/api/v1/reports/cohort").status_code == 403


@pytest.mark.django_db
def test_downloads_carry_the_same_figures(world: World) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    populate(world)
    admin = Client()
    admin.force_login(world.personas.province_admin)
    book = load_workbook(io.BytesIO(admin.get("/hasil/?year=2021&level=1&format=xlsx").content))
    assert book.sheetnames == ["Ringkasan", "Per sektor", "Per kabupaten-kota", "Dampak", "Cara hitung"]
    omzet_row = [c.value for c in book["Ringkasan"][2]]
    assert omzet_row[2:6] == [5, 4, 41_000_000, 66_500_000]
    rows = list(
        csv.reader(io.StringIO(admin.get("/hasil/?year=2021&level=1&format=csv").content.decode("utf-8-sig")))
    )
    assert rows[1][3:7] == ["5", "4", "41000000", "66500000"]
    regency_rows = [r for r in rows if r[0] == "Kabupaten/kota" and "Omzet" in r[2]]
    assert len(regency_rows) == 2


@pytest.mark.django_db
def test_the_pdf_for_the_ministry_is_built_for_any_filter(world: World) -> None:
    from naikkelas.outcomes import pdf

    populate(world)
    admin = Client()
    admin.force_login(world.personas.province_admin)
    full = admin.get("/hasil/?year=2021&level=1&format=pdf")
    assert full.status_code == 200 and full["Content-Type"] == "application/pdf"
    assert full.content.startswith(b"%PDF") and len(full.content) > 2000
    empty = admin.get("/hasil/?year=2019&format=pdf")
    assert empty.status_code == 200 and empty.content.startswith(b"%PDF")
    batches = pdf.batches_in(world.personas.semarang_admin, cohort.CohortFilter(year=2021))
    assert [b.title for b in batches] == [world.semarang.title]  # not Kudus's batch


def test_charts_scale_to_the_largest_value_and_count_growth_in_bins() -> None:
    from naikkelas.outcomes import charts

    bars = charts.paired_bars([("Makanan", 10.0, 20.0), ("Kerajinan", 5.0, 5.0)], str)
    assert bars.rows[0].after_width == pytest.approx(charts.WIDTH - charts.LABEL - 4)
    assert bars.rows[1].before_width == pytest.approx(bars.rows[0].after_width / 4)
    histogram = charts.growth_histogram([-30, -5, 10, 30, 60, 60, 150, 500])
    assert [b.count for b in histogram.bins] == [1, 1, 1, 1, 2, 1, 1]
    assert max(b.height for b in histogram.bins) == 100
    (participants,) = charts.rate_bars([("Peserta", 4, 2)])
    assert participants.text == "2/4" and participants.width == pytest.approx(
        (charts.WIDTH - charts.LABEL - 40) / 2
    )


@pytest.mark.django_db
def test_the_page_draws_its_charts(world: World) -> None:
    populate(world)
    admin = Client()
    admin.force_login(world.personas.province_admin)
    page = admin.get("/hasil/?year=2021&level=1")
    for chart in ("growth-chart", "response-chart", "sector-chart", "regency-chart"):
        assert f'id="{chart}"' in page.text
    drawn = page.context["charts"]
    # The histogram counts every participant with a follow-up once.
    answered = [m for m in page.context["participants"] if m.followup is not None and m.baseline[0] > 0]
    assert sum(b.count for b in drawn["growth"].bins) == len(answered) > 0
    # One pair of bars per sector, on one scale: the largest figure spans the whole width, and each
    # bar's label is the sector's own total turnover.
    sectors = page.context["by_sector"]
    rows = drawn["by_sector"].rows
    assert len(rows) == len(sectors)
    widest = max(max(r.before_width, r.after_width) for r in rows)
    assert widest == pytest.approx(320 - 110 - 4)
    for row, (_label, summary) in zip(rows, sectors, strict=True):
        assert row.after_text == rupiah_compact(summary.metrics["omzet"].followup_total)
        assert row.before_text in page.text and row.after_text in page.text


@pytest.mark.django_db
def test_the_dak_participant_list_masks_the_nik_for_roles_that_may_not_see_it(world: World) -> None:
    import io

    from openpyxl import load_workbook

    from naikkelas.selection.models import Graduation

    populate(world)
    for user, masked in ((world.personas.semarang_admin, False), (world.personas.viewer, True)):
        c = Client()
        c.force_login(user)
        book = load_workbook(io.BytesIO(c.get("/hasil/?year=2021&level=1&format=peserta").content))
        rows = list(book.active.iter_rows(values_only=True))
        header, body = rows[0], rows[1:]
        assert header[:4] == ("Nama pemilik", "NIK", "Nama usaha", "NIB")
        assert len(body) == (3 if user == world.personas.semarang_admin else 5)
        first = Graduation.objects.filter(enterprise__regency_code="33.74").order_by("enterprise_id").first()
        assert first is not None
        nik = first.enterprise.owner.nik
        (row,) = [r for r in body if r[2] == first.enterprise.name]
        assert row[1] == (nik[:4] + "********" + nik[12:] if masked else nik)
        assert row[6] == "Dasar" and row[7] == 10_000_000
