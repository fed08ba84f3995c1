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


@pytest.mark.django_db
def test_months_and_values_outside_sensible_bounds_are_refused_with_the_reason(world: World) -> None:
    """Rule: an IHK month before 2000-01 or after this month, or a value not in (0, 1000), is refused."""
    admin = Client()
    admin.force_login(world.personas.province_admin)
    bad = b"33,1999-12,100\n33,2022-01,1000\n33,2022-02,0\n33,2022-03,NaN\n"
    page = admin.post("/hasil/ihk/", {"file": SimpleUploadedFile("ihk.csv", bad), "source": "BPS"})
    problems = page.context["problems"]
    assert len(problems) == 4 and not PriceIndex.objects.exists()
    assert "Baris 1" in problems[0] and "2000-01" in problems[0]
    assert "Baris 2" in problems[1] and "1000" in problems[1]


@pytest.mark.django_db
def test_a_wrong_row_is_deleted_after_a_confirmation_or_replaced_by_the_same_month(world: World) -> None:
    """Rule: staff who write a province's IHK delete a wrong row (asked first) or upload the month again."""
    row = PriceIndex.objects.create(province_id="33", month=date(2022, 6, 1), value=110, source="BPS")
    admin = Client()
    admin.force_login(world.personas.province_admin)
    assert b"Mengunggah bulan yang sudah ada mengganti" in admin.get("/hasil/ihk/").content
    good = b"33,2022-06,101.25\n"
    admin.post("/hasil/ihk/", {"file": SimpleUploadedFile("ihk.csv", good), "source": "BPS"})
    row.refresh_from_db()
    assert str(row.value) == "101.25" and PriceIndex.objects.count() == 1
    confirm = admin.get(f"/hasil/ihk/{row.pk}/hapus/")
    assert confirm.status_code == 200 and b"confirm-delete" in confirm.content
    assert "Jawa Tengah, Juni 2022" in confirm.content.decode()  # the month in words, not 2022-06
    assert PriceIndex.objects.exists()  # asking is not deleting
    viewer = Client()
    viewer.force_login(world.personas.viewer)
    assert viewer.post(f"/hasil/ihk/{row.pk}/hapus/").status_code == 404
    assert admin.post(f"/hasil/ihk/{row.pk}/hapus/").status_code == 302
    assert not PriceIndex.objects.exists()
