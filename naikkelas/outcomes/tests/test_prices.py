from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from naikkelas.outcomes import cohort, prices
from naikkelas.outcomes.models import PriceIndex
from naikkelas.outcomes.tests.conftest import World
from naikkelas.outcomes.tests.test_cohort import populate


def test_deflating_to_a_base_month() -> None:
    # Rp 10 juta when the index was 95, in rupiah of a month whose index is 100: Rp 10,526,316
    assert prices.deflate(10_000_000, Decimal("95"), Decimal("100")) == 10_526_316
    assert prices.deflate(10_000_000, Decimal("100"), Decimal("100")) == 10_000_000
    member = cohort.Member(1, "participant", date(2021, 5, 21), (10_000_000, 40_000_000, 2), "33.74", "food",
                           followup=(22_000_000, 50_000_000, 4), followup_period=date(2022, 4, 1),
                           baseline_period=date(2021, 2, 1))  # fmt: skip
    index = {("33", date(2021, 2, 1)): Decimal("95"), ("33", date(2022, 4, 1)): Decimal("110"),
             ("33", date(2022, 12, 1)): Decimal("100")}  # fmt: skip
    real = prices.real_totals([member], index, date(2022, 12, 1))
    assert real is not None and (real.members, real.missing) == (1, 0)
    assert real.totals["omzet"] == (10_526_316, 20_000_000)
    no_index = cohort.Member(2, "participant", date(2021, 5, 21), (1, 1, 1), "31.71", "food",
                             followup=(2, 2, 2), followup_period=date(2022, 4, 1), baseline_period=date(2021, 2, 1))  # fmt: skip
    assert prices.real_totals([member, no_index], index, date(2022, 12, 1)).missing == 1  # type: ignore[union-attr]
    assert prices.real_totals([no_index], index, date(2022, 12, 1)) is None


@pytest.mark.django_db
def test_the_index_is_imported_all_or_nothing_and_used_by_the_report(world: World) -> None:
    populate(world)
    admin = Client()
    admin.force_login(world.personas.province_admin)
    bad = b"provinsi,bulan,nilai\n33,2021-02,95\n99,2021-03,96\n33,2021/13,97\n33,2021-04,-1\n"
    page = admin.post("/hasil/ihk/", {"file": SimpleUploadedFile("ihk.csv", bad), "source": "BPS"})
    assert page.status_code == 200 and len(page.context["problems"]) == 3
    assert "Baris 3" in page.context["problems"][0] and not PriceIndex.objects.exists()
    rows = ["33,2021-02,95"] + [
        f"33,{year}-{month:02d},{100 + month / 10}" for year in (2021, 2022) for month in range(3, 13)
    ]
    rows += ["33,2022-01,99", "33,2022-02,99.5"]
    good = ("\n".join(rows)).encode()
    assert (
        admin.post("/hasil/ihk/", {"file": SimpleUploadedFile("ihk.csv", good), "source": "BPS"}).status_code
        == 302
    )
    assert PriceIndex.objects.count() == len(rows) == 23
    report = admin.get("/hasil/?year=2021&level=1&dasar=2022-12")
    real = report.context["real"]
    assert real is not None and real.base == date(2022, 12, 1) and real.members == 4
    assert real.totals["omzet"][0] > 41_000_000  # 2021 rupiah are worth more in December 2022 prices
    semarang = Client()
    semarang.force_login(world.personas.semarang_admin)
    assert semarang.get("/hasil/ihk/").status_code == 200
    assert (
        semarang.post("/hasil/ihk/", {"file": SimpleUploadedFile("ihk.csv", good), "source": "x"}).status_code
        == 403
    )


def test_the_estimator_works_in_real_rupiah_when_the_index_covers_every_month() -> None:
    """Deflated inside the estimator: y0 × IHK(base)/IHK(baseline month), y1 × IHK(base)/IHK(follow-up
    month); one applicant without an index leaves everything nominal (no mix)."""
    from naikkelas.outcomes import evidence

    def applicant(pk: int, regency: str) -> cohort.Applicant:
        return cohort.Applicant(
            pk, 1, 1, True, True, date(2021, 5, 14), (10_000_000, 40_000_000, 2), regency, "food", score=0.1,
            cutoff=0.0, followup=(22_000_000, 50_000_000, 4), followup_period=date(2022, 4, 1),
            baseline_period=date(2021, 2, 1),
        )  # fmt: skip

    index = {("33", date(2021, 2, 1)): Decimal("95"), ("33", date(2022, 4, 1)): Decimal("110"),
             ("33", date(2022, 12, 1)): Decimal("100")}  # fmt: skip
    factors = prices.real_factors([applicant(1, "33.74")], index, date(2022, 12, 1))
    assert factors == {1: pytest.approx((100 / 95, 100 / 110))}
    unit = evidence.units_of([applicant(1, "33.74")], "omzet", 0, factors)[0]
    assert unit.y0 == pytest.approx(10_000_000 * 100 / 95) and unit.y1 == pytest.approx(
        22_000_000 * 100 / 110
    )
    workers = evidence.units_of([applicant(1, "33.74")], "workers", 0, factors)[0]
    assert (workers.y0, workers.y1) == (2, 4)  # people are not deflated
    assert (
        prices.real_factors([applicant(1, "33.74"), applicant(2, "31.71")], index, date(2022, 12, 1)) is None
    )
