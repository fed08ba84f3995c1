"""A paper form typed in at the office (issue 14.4), on a phone: the Semarang admin goes from his home to
his batch, enters an applicant's paper application, and sees it in the batch's list marked as entered
by him; a refused form keeps what was typed and names the field."""

from datetime import timedelta

import pytest
from django.utils import timezone

from e2e.forms import fill_application
from naikkelas.selection.models import Application
from naikkelas.testing.factories import make_personas
from naikkelas.testing.programs import batch, organisation, program_with_levels

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("document.documentElement.scrollWidth") <= 360)


def test_the_semarang_admin_enters_a_paper_application(page, live_server) -> None:  # type: ignore[no-untyped-def]
    personas = make_personas()
    personas.semarang_admin.first_name, personas.semarang_admin.last_name = "Agus", "Setiawan"
    personas.semarang_admin.save(update_fields=["first_name", "last_name"])
    today = timezone.localdate()
    _program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    office = personas.semarang_admin.memberships.get().organisation
    open_batch = batch(level1, office, opens=today - timedelta(days=2), closes=today + timedelta(days=5),
                       start=today + timedelta(days=14), title="Dasar Kota Semarang")  # fmt: skip

    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", "semarang")
    page.fill("#id_password", "naikkelas")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/")  # his home, wherever it sends an admin
    page.click("header nav summary")  # the menu opens
    page.locator("header a[href='/seleksi/']").first.click()
    page.click("text=Dasar Kota Semarang")
    page.click("#paper-entry")
    page.wait_for_selector("#paper-application")
    assert _fits(page)

    fill_application(page, consent=False)
    # First without the signed consent ticked: refused on that box, nothing written, the rest kept.
    page.click("#save-paper")
    page.wait_for_load_state()
    assert "Persetujuan pemrosesan data diperlukan" in page.inner_text("#paper-application")
    assert page.input_value("#id_enterprise_name") == "Bandeng Presto Juwana Sri"
    assert not Application.objects.exists()
    page.check("#id_consent")
    page.click("#save-paper")
    page.wait_for_selector("#applications")

    assert "Pendaftaran Bandeng Presto Juwana Sri (Sri Wahyuni) tercatat" in page.inner_text("main")
    entry = page.locator("#applications li", has_text="Bandeng Presto Juwana Sri")
    assert "formulir kertas, dimasukkan oleh Agus Setiawan" in entry.inner_text()
    assert _fits(page)
    page.screenshot(path="var/e2e-paper-application.png", full_page=True)
    application = Application.objects.get()
    assert application.entered_by == personas.semarang_admin
    assert application.batch == open_batch and application.status == Application.Status.ELIGIBLE
