"""Real rupiah: values deflated by the province's consumer price index to a base month.

real = nominal × IHK(base month) / IHK(month of the figure). Pure apart from `index_table` and the
import, which read and write the PriceIndex table."""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record
from naikkelas.outcomes.cohort import Applicant, Member
from naikkelas.outcomes.models import PriceIndex
from naikkelas.regions.models import Region

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


class ImportProblem(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def price_index_import(*, actor: User, content: bytes, source: str) -> int:
    """Rows `province,month,value` (e.g. `33,2021-06,98.73`) — all written, or none with every problem
    listed by line. An existing month is replaced."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblem([_("Berkas bukan teks UTF-8 (simpan sebagai CSV UTF-8).")]) from None
    provinces = set(Region.objects.filter(kind=Region.Kind.PROVINCE).values_list("code", flat=True))
    rows: list[tuple[str, date, Decimal]] = []
    problems: list[str] = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not "".join(row).strip():
            continue
        if number == 1 and row[0].strip().lower() in ("province", "provinsi", "kode_provinsi"):
            continue
        if len(row) < 3:
            problems.append(_("Baris %(n)s: perlu tiga kolom (provinsi, bulan, nilai).") % {"n": number})
            continue
        code, month_text, value_text = (cell.strip() for cell in row[:3])
        if code not in provinces:
            problems.append(
                _("Baris %(n)s: kode provinsi %(code)s tidak dikenal.") % {"n": number, "code": code}
            )
        try:
            year, month = (int(part) for part in month_text.split("-")[:2])
            month_date = date(year, month, 1)
        except ValueError:
            problems.append(
                _("Baris %(n)s: bulan %(value)s bukan YYYY-MM.") % {"n": number, "value": month_text}
            )
            continue
        try:
            value = Decimal(value_text.replace(",", "."))
        except InvalidOperation:
            problems.append(
                _("Baris %(n)s: nilai %(value)s bukan angka.") % {"n": number, "value": value_text}
            )
            continue
        if value <= 0 or value >= 100000:
            problems.append(_("Baris %(n)s: nilai IHK harus lebih dari 0.") % {"n": number})
            continue
        rows.append((code, month_date, value.quantize(Decimal("0.01"))))
    if problems:
        raise ImportProblem(problems)
    if not rows:
        raise ImportProblem([_("Berkas tidak berisi baris IHK.")])
    with transaction.atomic():
        for code, month_date, value in rows:
            index, _created = PriceIndex.objects.update_or_create(
                province_id=code, month=month_date, defaults={"value": value, "source": source[:200]}
            )
        audit_record(
            actor=actor,
            action="update",
            instance=index,
            changes={"imported_rows": len(rows), "source": source},
        )
    return len(rows)
