"""The demo's consumer price index for Central Java, January 2021 to December 2023 (2022 = 100).

Illustrative figures shaped like the period (mild inflation in 2021, higher in 2022, easing in 2023) — NOT
official BPS numbers. A real office imports BPS's table at /hasil/ihk/."""

from datetime import date
from decimal import Decimal

from naikkelas.outcomes.models import PriceIndex

MONTHLY_INFLATION = {2021: 0.0015, 2022: 0.0045, 2023: 0.0022}
SOURCE = "Contoh demo (bukan angka resmi BPS)"


def prices_demo_load() -> int:
    if PriceIndex.objects.filter(province_id="33").exists():
        return 0
    months = [date(year, month, 1) for year in (2021, 2022, 2023) for month in range(1, 13)]
    level, raw = 1.0, []
    for month in months:
        level *= 1 + MONTHLY_INFLATION[month.year]
        raw.append(level)
    mean_2022 = sum(v for m, v in zip(months, raw, strict=True) if m.year == 2022) / 12
    PriceIndex.objects.bulk_create(
        PriceIndex(province_id="33", month=month, value=Decimal(100 * value / mean_2022).quantize(Decimal("0.01")),
                   source=SOURCE)
        for month, value in zip(months, raw, strict=True)
    )  # fmt: skip
    return len(months)
