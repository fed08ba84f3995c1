"""Consent per channel on a phone: the participant reads her choices and changes them from her account
page; the regency admin sees the new state on the owner's registry page. In Indonesian, then English."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/shots/field"


def sign_in(page, url: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", "naikkelas")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def fits(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_she_changes_her_channels_and_the_admin_sees_it(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.notify.services import consent
    from naikkelas.testing.factories import make_personas

    personas = make_personas()
    sri = personas.participant_person
    sri.phone, sri.email = "+6281234567890", "sri@example.id"
    sri.save(update_fields=["phone", "email"])
    consent.consents_record(person=sri, chosen=["whatsapp"], source="form")

    page = browser_context.new_page()
    sign_in(page, live_server.url, "peserta")
    page.goto(f"{live_server.url}/akun/")
    page.click("main >> text=Data pribadi saya")
    page.wait_for_selector("#channel-states")
    assert "bersedia" in page.inner_text("#channel-states") and fits(page)
    page.screenshot(path=f"{SHOTS}/data-page-id.png", full_page=True)
    page.click("#change-channels")
    page.wait_for_selector("#channels-form")
    assert page.is_checked("#id_consent_whatsapp") and not page.is_checked("#id_consent_email") and fits(page)
    page.screenshot(path=f"{SHOTS}/channels-id.png", full_page=True)
    page.uncheck("#id_consent_whatsapp")
    page.check("#id_consent_email")
    page.click("#save-channels")
    page.wait_for_selector("text=Pilihan Anda tersimpan.")
    states = page.inner_text("#channel-states")
    assert "WhatsApp: tidak bersedia" in states and "Email: bersedia" in states
    assert [c.opted_in for c in consent.person_choices(sri)] == [False, False, True]

    page.click("header button:has-text('English')")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/data-pribadi/saya/pesan/")
    page.wait_for_selector("#channels-form")
    english = page.inner_text("main")
    # the consent text stays in Indonesian (the text agreed to), its translation beside it
    assert "Translation (what you agree to is the Indonesian text above)" in english and fits(page)
    assert "Saya bersedia menerima pesan" in english
    page.screenshot(path=f"{SHOTS}/channels-en.png", full_page=True)
    page.click("header nav summary")
    page.click("header form button:has-text('Sign out'), header form button:has-text('Keluar')")
    page.wait_for_load_state()

    sign_in(page, live_server.url, "semarang")
    page.goto(f"{live_server.url}/registri/pemilik/{sri.pk}/")
    page.wait_for_selector("#channel-states")
    assert "halaman data pribadi" in page.inner_text("#channel-states").lower() or "personal data page" in (
        page.inner_text("#channel-states").lower()
    )
    assert fits(page)
    page.screenshot(path=f"{SHOTS}/registry-person.png", full_page=True)


def test_the_application_form_asks_for_each_channel_on_a_phone(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from naikkelas.testing.factories import make_personas
    from naikkelas.testing.programs import batch, organisation, program_with_levels

    personas = make_personas()
    today = timezone.localdate()
    _program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    office = personas.semarang_admin.memberships.get().organisation
    open_batch = batch(level1, office, opens=today - timedelta(days=3), closes=today + timedelta(days=10),
                       start=today + timedelta(days=20), capacity=1)  # fmt: skip
    page = browser_context.new_page()
    page.goto(f"{live_server.url}/daftar/{open_batch.pk}/")
    page.wait_for_selector("#channel-consent")
    assert not page.is_checked("#id_consent_whatsapp") and not page.is_checked("#id_consent_email")
    page.check("#id_consent_whatsapp")
    assert fits(page)
    page.locator("#channel-consent").screenshot(path=f"{SHOTS}/apply-channels-id.png")
    page.locator("#id_consent").locator("xpath=..").screenshot(path=f"{SHOTS}/apply-consent-id.png")
