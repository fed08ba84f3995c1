"""Real rupiah: values deflated by the province's consumer price index to a base month.

real = nominal × IHK(base month) / IHK(month of the figure). Pure apart from `index_table`, which reads
the PriceIndex table (`outcomes.services.prices` imports it)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from naikkelas.outcomes.cohort import Applicant, Member
from naikkelas.outcomes.models import PriceIndex

Index = dict[tuple[str, date], Decimal]


def deflate(amount: int, then: Decimal, base: Decimal) -> int:
    """`amount` rupiah of the month whose index is `then`, in rupiah of the base month."""
    return int((Decimal(amount) * base / then).quantize(Decimal(1)))


def index_table(provinces: set[str]) -> Index:
    return {
        (province, month): value
        for province, month, value in PriceIndex.objects.filter(province_id__in=provinces).values_list(
            "province_id", "month", "value"
        )
    }


def latest_month(index: Index) -> date | None:
    return max((month for _p, month in index), default=None)


def real_factors(
    applicants: list[Applicant], index: Index, base: date
) -> dict[int, tuple[float, float]] | None:
    """Each applicant's deflators into base-month rupiah, IHK(base) / IHK(month), for the baseline month
    and the follow-up month (the earlier months take the baseline's: two months of prices barely move),
    by the index of their province. None unless every applicant has an index for each month needed —
    a mix of real and nominal rupiah would mislead."""
    tops = {province: value for (province, month), value in index.items() if month == base}
    factors: dict[int, tuple[float, float]] = {}
    for a in applicants:
        province = a.regency_code[:2]
        top = tops.get(province)
        before = index.get((province, a.baseline_period)) if a.baseline_period else None
        after = index.get((province, a.followup_period)) if a.followup_period else before
        if top is None or before is None or after is None:
            return None
        factors[a.enterprise_id] = (float(top / before), float(top / after))
    return factors


@dataclass(frozen=True)
class RealTotals:
    base: date
    members: int  # members whose both months have an index
    missing: int  # members left out for lack of an index
    totals: dict[str, tuple[int, int]]  # metric → (baseline, follow-up) in base-month rupiah


def real_totals(members: list[Member], index: Index, base: date) -> RealTotals | None:
    """Baseline and follow-up totals of omzet and aset in base-month rupiah, over the answering members
    whose province has an index for both months (and for the base month)."""
    answered = [m for m in members if m.followup is not None and m.followup_period is not None]
    totals = {"omzet": [0, 0], "aset": [0, 0]}
    counted = missing = 0
    for member in answered:
        province = member.regency_code[:2]
        base_value = index.get((province, base))
        before = index.get((province, member.baseline_period)) if member.baseline_period else None
        after = index.get((province, member.followup_period)) if member.followup_period else None
        if base_value is None or before is None or after is None or member.followup is None:
            missing += 1
            continue
        counted += 1
        for i, name in enumerate(("omzet", "aset")):
            totals[name][0] += deflate(member.baseline[i], before, base_value)
            totals[name][1] += deflate(member.followup[i], after, base_value)
    if not counted:
        return None
    return RealTotals(base, counted, missing, {k: (v[0], v[1]) for k, v in totals.items()})
