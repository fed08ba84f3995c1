"""What applicants read is true for their program (walk 14), on a phone, in Indonesian and English: the
public list gives each batch's own requirements under its province, the call page its venue and dates,
the consent its program's last follow-up; the office types in a paper form with blank motivation answers
and, for a second form with the same NIK, gets a refusal that speaks to staff and links to the first."""

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


def _language(page, live_server, language: str) -> None:  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])


def test_applicants_read_their_programs_own_terms_and_staff_enter_forms_as_filled(page, live_server) -> None:  # type: ignore[no-untyped-def]
    personas = make_personas()
    today = timezone.localdate()
    program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    program.followup_months = [3, 6, 24]
    program.save(update_fields=["followup_months"])
    level1.min_omzet, level1.requires_nib = 3_000_000, True
    level1.save(update_fields=["min_omzet", "requires_nib"])
    office = personas.semarang_admin.memberships.get().organisation
    open_batch = batch(level1, office, opens=today - timedelta(days=2), closes=today + timedelta(days=5),
                       start=today + timedelta(days=14), title="Dasar Kota Semarang")  # fmt: skip
    open_batch.venue = "Gedung Pandanaran, Semarang"
    open_batch.save(update_fields=["venue"])

    for language in ("id", "en"):
        _language(page, live_server, language)
        page.goto(f"{live_server.url}/daftar/")
        listing = page.inner_text("main")
        assert "Syarat umum" not in listing and "Jawa Tengah" in listing
        assert ("Rp3.000.000" in listing or "Rp3,000,000" in listing) and "NIB" in listing
        assert _fits(page)
        page.screenshot(path=f"var/e2e-pub-list-{language}.png", full_page=True)
        page.goto(f"{live_server.url}/daftar/{open_batch.pk}/")
        call = page.inner_text("main")
        assert "Gedung Pandanaran, Semarang" in call
        assert "24" in page.inner_text(".consent >> nth=0") and "12 bulan" not in call
        assert _fits(page)
        page.screenshot(path=f"var/e2e-pub-call-{language}.png", full_page=True)

    _language(page, live_server, "id")
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", "semarang")
    page.fill("#id_password", "naikkelas")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    paper_url = f"{live_server.url}/seleksi/angkatan/{open_batch.pk}/formulir-kertas/"
    page.goto(paper_url)
    page.wait_for_selector("#paper-application")
    fill_application(page)
    page.fill("#id_answer_0", "")  # left blank on paper
    page.click("#save-paper")
    page.wait_for_selector("#applications")
    first = Application.objects.get()
    assert first.answers == [""]

    page.goto(paper_url)
    fill_application(page)
    page.fill("#id_enterprise_name", "Usaha Kedua Sri")
    page.click("#save-paper")
    page.wait_for_selector("#error-summary")
    summary = page.inner_text("#error-summary")
    assert "Isian pendaftar yang lain tetap tersimpan" in summary and "Jawaban Anda" not in summary
    assert page.get_attribute("#first-application a", "href") == f"/seleksi/pendaftaran/{first.pk}/"
    assert _fits(page)
    page.screenshot(path="var/e2e-pub-paper-dup-id.png", full_page=True)
    _language(page, live_server, "en")
    page.reload()
    page.screenshot(path="var/e2e-pub-paper-en.png", full_page=True)
    headings = page.locator("#paper-application h2").all_inner_texts()
    assert "Business owner" in headings and "Enterprise" in headings and "Enterprises" not in headings
