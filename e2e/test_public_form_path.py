"""The public application form on a phone: every problem at once at the top, every answer kept, money as
people write it, then the code page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from e2e.forms import fill_application
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
    # Born in a 13th month (nobody holds that NIK), money as people write it, consent left unticked.
    fill_application(
        page, nik="3374 0152 1380 0001", omzet="Rp 7.000.000,-", aset="empat puluh juta", consent=False
    )
    page.click("#apply button[type=submit]")
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
