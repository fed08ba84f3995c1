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


STORIES = {
    "fishery": "Bandeng presto kami dulu hanya dijual di pasar. Setelah pelatihan kami pakai kemasan vakum dan kini dikirim ke Jakarta dan Surabaya.",
    "food": "Dulu kue kami dititipkan di warung tetangga. Pendamping membantu mengurus PIRT dan halal; sekarang masuk toko oleh-oleh.",
    "craft": "Kerajinan kami mulai dijual lewat marketplace setelah pelatihan foto produk; pesanan dari luar Jawa datang tiap minggu.",
    "fashion": "Usaha sablon kami menambah dua mesin dan tiga pekerja setelah belajar menghitung harga pokok dan mendapat KUR.",
    "leather": "Sepatu kulit kami kini punya merek sendiri dan dipasarkan lewat media sosial; omzet naik dua kali lipat.",
}


def heroes_demo_load() -> int:
    """Stories of some verified growers (followed up on a mentor visit) who agreed to be shown."""
    from django.utils import timezone

    from naikkelas.outcomes.cohort import CohortFilter, cohort_of
    from naikkelas.outcomes.heroes import ranking
    from naikkelas.outcomes.models import HeroStory
    from naikkelas.registry.models import Enterprise

    if HeroStory.objects.exists():
        return 0
    members = cohort_of(Enterprise.objects.all(), CohortFilter(year=2021), with_comparison=False).participants
    made = 0
    for found in ranking(members, per_regency=2).values():
        for index, hero in enumerate(found):
            if index == 1 and hero.member.enterprise_id % 3 == 0:
                continue  # not everyone agrees to be shown
            HeroStory.objects.create(
                enterprise_id=hero.member.enterprise_id, publicity_consent=True, consented_at=timezone.now(),
                story=STORIES.get(hero.member.sector, STORIES["food"]),
            )  # fmt: skip
            made += 1
    return made
