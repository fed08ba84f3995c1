"""Selection in a real browser: an applicant applies from a phone, the organiser runs, previews and
publishes the selection, and the applicant's status link shows the outcome and its reason."""

from datetime import timedelta

import pytest
from django.utils import timezone

from naikkelas.accounts.models import Membership
from naikkelas.selection.models import Application, Review
from naikkelas.selection.services import runs
from naikkelas.testing.factories import UserFactory, make_personas
from naikkelas.testing.programs import batch, organisation, program_with_levels
from naikkelas.testing.selection import last_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_apply_select_publish_and_read_the_outcome(page, live_server) -> None:  # type: ignore[no-untyped-def]
    personas = make_personas()
    today = timezone.localdate()
    province = organisation("Balatkop Jateng", "33")
    _program, level1, _level2 = program_with_levels(province)
    office = personas.semarang_admin.memberships.get().organisation
    open_batch = batch(level1, office, opens=today - timedelta(days=2), closes=today + timedelta(days=5),
                       start=today + timedelta(days=14), capacity=1, title="Dasar Kota Semarang")  # fmt: skip

    # The applicant, on a phone.
    page.goto(f"{live_server.url}/daftar/")
    page.click("text=Dasar Kota Semarang")
    page.fill("#id_nik", "3374 0152 0380 0001")
    page.fill("#id_name", "Sri Wahyuni")
    page.fill("#id_phone", "0812 3456 7890")
    page.fill("#id_enterprise_name", "Bandeng Presto Juwana Sri")
    page.select_option("#id_sector", "fishery")
    page.select_option("#id_district", "33.74.02")
    page.fill("#id_started_on", "2015-06-01")
    page.fill("#id_period", (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m"))
    page.fill("#id_omzet", "12.000.000")
    page.fill("#id_aset", "40.000.000")
    page.fill("#id_workers", "3")
    page.fill("#id_answer_0", "Ingin berjualan di marketplace.")
    page.check("#id_consent")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("#apply button[type=submit]")
    page.wait_for_load_state()
    # Nothing is recorded until she types the code that reached her WhatsApp (the NIK proves nothing).
    assert page.locator("#confirm").count() == 1, page.inner_text("main")[:2000]
    assert not Application.objects.exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="var/e2e-apply-confirm.png", full_page=True)
    page.fill("#id_code", last_code())
    page.click("#confirm button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#status-link").count() == 1, page.inner_text("main")[:2000]
    status_link = page.get_attribute("#status-link", "href")

    # A reviewer scores (through the service; the review page has its own view test).
    reviewer = UserFactory.create(username="penilai")
    Membership.objects.create(user=reviewer, organisation=office, role=Membership.Role.REVIEWER)
    runs.reviews_assign(actor=None, batch=open_batch)
    review = Review.objects.get()
    keys = level1.criteria.values_list("key", flat=True)
    runs.review_submit(reviewer=reviewer, review=review, scores=dict.fromkeys(keys, 4), comment="Siap")

    # The organiser previews, runs and publishes.
    admin = page.context.new_page()
    admin.goto(f"{live_server.url}/akun/masuk/")
    admin.fill("#id_username", "semarang")
    admin.fill("#id_password", "naikkelas")
    admin.click("main button[type=submit]")
    admin.goto(f"{live_server.url}/seleksi/angkatan/{open_batch.pk}/")
    admin.click("#preview")
    assert "terpilih" in admin.inner_text("#preview")
    admin.go_back()
    admin.click("#run")
    admin.wait_for_selector("text=Seleksi dijalankan")
    admin.click("#publish")
    admin.click("#confirm-publish")
    admin.wait_for_selector("text=Hasil seleksi diumumkan")
    assert Application.objects.get().status == "selected"

    # The applicant opens the status link without logging in.
    page.goto(f"{live_server.url}{status_link}")
    assert page.inner_text("#status") == "Terpilih"
    assert "peringkat 1" in page.inner_text("#decision-reason")
