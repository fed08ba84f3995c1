"""The price index page: the import is all or nothing, and the report uses it."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from naikkelas.outcomes.models import PriceIndex
from naikkelas.outcomes.tests.conftest import World
from naikkelas.outcomes.tests.test_cohort import populate


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
