""""""

from datetime import date

import pytest

from naikkelas.core.models import CollectiveLeaveDay
from naikkelas.mentoring.tests.conftest import client
from naikkelas.testing.factories import Personas


@pytest.mark.django_db
def test_the_province_declares_cuti_bersama_and_others_only_see_it(personas: Personas) -> None:
    admin = client(personas.province_admin)
    page = admin.get("/pendampingan/hari-libur/?tahun=2021")
    assert page.status_code == 200 and "Hari Kemerdekaan" in page.text
    weekend = admin.post("/pendampingan/hari-libur/?tahun=2021", {"day": "2021-12-25", "name": "Natal"})
    assert "Tanggal itu hari Sabtu atau Minggu; sudah libur." in weekend.text  # 25 Dec 2021 was a Saturday
    holiday = admin.post("/pendampingan/hari-libur/?tahun=2021", {"day": "2021-08-17", "name": "HUT RI"})
    assert (
        "Tanggal itu sudah hari libur nasional atau cuti bersama yang ditetapkan pemerintah." in holiday.text
    )
    saturday = admin.post("/pendampingan/hari-libur/?tahun=2021", {"day": "2021-12-18", "name": "x"})
    assert "Sabtu atau Minggu" in saturday.text
    assert not CollectiveLeaveDay.objects.exists()
    added = admin.post(
        "/pendampingan/hari-libur/?tahun=2021", {"day": "2021-12-24", "name": "Cuti bersama Natal"}
    )
    assert added.status_code == 302
    leave = CollectiveLeaveDay.objects.get()
    assert leave.date == date(2021, 12, 24)
    twice = admin.post("/pendampingan/hari-libur/?tahun=2021", {"day": "2021-12-24", "name": "lagi"})
    assert "sudah tercatat" in twice.text
    semarang = client(personas.semarang_admin)
    assert semarang.get("/pendampingan/hari-libur/?tahun=2021").context["leave_days"][0] == leave
    assert semarang.post("/pendampingan/hari-libur/", {"day": "2021-12-27", "name": "x"}).status_code == 403
    assert client(personas.participant).get("/pendampingan/hari-libur/").status_code == 403
    admin.post("/pendampingan/hari-libur/?tahun=2021", {"action": "delete", "pk": leave.pk})
    assert CollectiveLeaveDay.objects.exists()
    admin.post("/pendampingan/hari-libur/?tahun=2021", {"action": "delete", "pk": leave.pk, "sure": "1"})
    assert not CollectiveLeaveDay.objects.exists()


@pytest.mark.django_db
def test_decreed_cuti_bersama_come_from_the_holidays_package(personas: Personas) -> None:
    """2 April 2025 (Idul Fitri) is in the joint decree; nobody has to type it in."""
    admin = client(personas.province_admin)
    page = admin.get("/pendampingan/hari-libur/?tahun=2025")
    assert "Cuti Bersama Hari Raya Idul Fitri" in page.text
    again = admin.post(
        "/pendampingan/hari-libur/?tahun=2025", {"day": "2025-04-02", "name": "Cuti Idul Fitri"}
    )
    assert "cuti bersama yang ditetapkan pemerintah" in again.text
    assert not CollectiveLeaveDay.objects.exists()
