from datetime import date
from decimal import Decimal

import pytest

from naikkelas.outcomes import cohort, prices


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
