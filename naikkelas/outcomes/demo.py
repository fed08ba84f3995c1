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


# What each kind of business changed, several per sector; a story is told of one business, with its name, its
# place and its own figures, so no two businesses share a story.
CHANGES = {
    "fishery": [
        "Kami mulai memakai kemasan vakum dan label gizi, sehingga produk bisa dikirim ke luar kota.",
        "Kami mencatat stok harian dan menjual lewat pesan WhatsApp ke pelanggan tetap.",
    ],
    "food": [
        "Pendamping membantu mengurus PIRT dan sertifikat halal; produk kami kini masuk toko oleh-oleh.",
        "Kami menghitung ulang harga pokok dan berhenti menjual rugi pada pesanan besar.",
        "Kami memotret produk sendiri dan membuka toko di marketplace.",
    ],
    "craft": [
        "Foto produk yang lebih baik membuat pesanan lewat marketplace datang tiap minggu.",
        "Kami membuat katalog dan mulai menerima pesanan dari perusahaan untuk suvenir.",
    ],
    "fashion": [
        "Setelah belajar menghitung harga pokok, kami mendapat KUR dan menambah mesin jahit.",
        "Kami memisahkan uang usaha dari uang rumah tangga dan mulai menerima pesanan seragam sekolah.",
    ],
    "leather": [
        "Produk kami kini punya merek sendiri dan dipasarkan lewat media sosial.",
        "Kami bekerja sama dengan toko di kota lain sebagai agen penjualan.",
    ],
}
GENERIC = ["Kami menyusun rencana usaha dan menjalankannya bersama pendamping."]


def story_of(*, name: str, place: str, sector: str, enterprise_id: int, before: int, after: int) -> str:
    """The demo's story of one business: its own name, place, change and figures."""
    from naikkelas.core.formats import rupiah_compact

    changes = CHANGES.get(sector, GENERIC)
    change = changes[enterprise_id % len(changes)]
    return (
        f"{name} di {place}. {change} Omzet kami naik dari {rupiah_compact(before)} "
        f"menjadi {rupiah_compact(after)} sebulan, seperti yang dicatat pendamping saat berkunjung."
    )


def heroes_demo_load() -> int:
    """Stories of some verified growers (followed up on a mentor visit) who agreed to be shown."""
    from django.utils import timezone

    from naikkelas.outcomes.cohort import CohortFilter, cohort_of
    from naikkelas.outcomes.heroes import ranking
    from naikkelas.outcomes.models import HeroStory
    from naikkelas.regions.models import Region
    from naikkelas.registry.models import Enterprise

    if HeroStory.objects.exists():
        return 0
    members = cohort_of(Enterprise.objects.all(), CohortFilter(year=2021), with_comparison=False).participants
    chosen = [
        hero
        for found in ranking(members, per_regency=2).values()
        for index, hero in enumerate(found)
        if not (index == 1 and hero.member.enterprise_id % 3 == 0)  # not everyone agrees to be shown
    ]
    names = dict(
        Enterprise.objects.filter(pk__in=[h.member.enterprise_id for h in chosen]).values_list("pk", "name")
    )
    places = dict(Region.objects.filter(kind=Region.Kind.REGENCY).values_list("code", "name"))
    for hero in chosen:
        member = hero.member
        if member.followup is None:  # never: a hero has a verified follow-up
            continue
        HeroStory.objects.create(
            enterprise_id=member.enterprise_id, publicity_consent=True, consented_at=timezone.now(),
            story=story_of(
                name=names[member.enterprise_id], place=places.get(member.regency_code, ""), sector=member.sector,
                enterprise_id=member.enterprise_id, before=member.baseline[0], after=member.followup[0],
            ),
        )  # fmt: skip
    return HeroStory.objects.count()
