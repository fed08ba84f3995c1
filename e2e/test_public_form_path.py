"""The public application form on a phone: every problem at once at the top, every answer kept, money as
people write it, then the code page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from naikkelas.selection.models import PendingApplication
from naikkelas.testing.factories import make_personas
from naikkelas.testing.programs import batch, organisation, program_with_levels

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_one_summary_of_every_problem_then_through(page, live_server) -> None:  # type: ignore[no-untyped-def]
    personas = make_personas()
    today = timezone.localdate()
    _program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    office = personas.semarang_admin.memberships.get().organisation
    batch(level1, office, opens=today - timedelta(days=2), closes=today + timedelta(days=5),
          start=today + timedelta(days=14), capacity=5, title="Dasar Kota Semarang")  # fmt: skip

    page.goto(f"{live_server.url}/")
    page.click("text=Daftar pelatihan")
    page.click("text=Dasar Kota Semarang")
    page.fill("#id_nik", "3374 0152 1380 0001")  # born in a 13th month: nobody holds it
    page.fill("#id_name", "Sri Wahyuni")
    page.fill("#id_phone", "0812 3456 7890")
    page.fill("#id_enterprise_name", "Bandeng Presto Juwana Sri")
    page.select_option("#id_sector", "fishery")
    page.select_option("#id_district", "33.74.02")
    page.fill("#id_started_on", "2015-06-01")
    page.fill("#id_period", (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m"))
    page.fill("#id_omzet", "Rp 7.000.000,-")
    page.fill("#id_aset", "empat puluh juta")
    page.fill("#id_workers", "3")
    page.fill("#id_answer_0", "Ingin berjualan di marketplace.")
    page.click("#apply button[type=submit]")  # consent left unticked
    page.wait_for_load_state()

    summary = page.locator("#error-summary")
    assert summary.count() == 1, page.inner_text("main")[:2000]
    text = summary.inner_text()
    assert "Ada 3 hal yang perlu diperbaiki" in text
    assert "NIK" in text  # the NIK's own error in this first round, with the others
    assert "bukan jumlah rupiah" in text and "Persetujuan pemrosesan data diperlukan" in text
    assert page.input_value("#id_name") == "Sri Wahyuni" and page.input_value("#id_omzet") == "Rp 7.000.000,-"
    assert page.input_value("#id_answer_0") == "Ingin berjualan di marketplace."
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="var/e2e-apply-errors.png", full_page=True)
    assert not PendingApplication.objects.exists()

    page.fill("#id_nik", "3374 0152 0380 0001")
    page.fill("#id_aset", "40 juta")
    page.check("#id_consent")
    page.click("#apply button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#confirm").count() == 1, page.inner_text("main")[:2000]
    assert PendingApplication.objects.count() == 1
