"""Personal data in a real browser on a phone-sized screen: the participant downloads her data and asks to
be deleted; the Semarang admin, made to enrol an authenticator at sign-in, carries the request out."""

import json

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, url: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", "naikkelas")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_participant_asks_for_deletion_and_the_admin_carries_it_out(
    browser_context, live_server, settings
) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.accounts.services import security
    from naikkelas.registry.models import Person
    from naikkelas.testing.factories import make_personas

    settings.TWO_FACTOR_REQUIRED = True
    personas = make_personas()
    me = personas.participant_person
    nik = me.nik

    page = browser_context.new_page()
    sign_in(page, live_server.url, "peserta")
    page.goto(f"{live_server.url}/akun/")
    page.click("main >> text=Data pribadi saya")
    page.wait_for_selector("#sections")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with page.expect_download() as download:
        page.click("text=Unduh salinan (JSON)")
    data = json.loads(open(download.value.path(), encoding="utf-8").read())  # noqa: SIM115
    assert data["pemilik"][0]["nik"] == nik
    page.click("text=Minta data saya dihapus")
    page.check("#id_confirm")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Permintaan penghapusan diterima")
    page.click("header nav summary")  # the menu opens
    page.click("header form button:has-text('Keluar')")
    page.wait_for_load_state()

    sign_in(page, live_server.url, "semarang")
    page.wait_for_selector("text=Pasang verifikasi dua langkah")  # an admin must enrol first
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    secret = page.inner_text("main code").replace(" ", "")
    page.fill("#id_code", security.totp_code(secret))
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/data-pribadi/permintaan/")
    page.click("#requests a")
    page.check("#id_confirm")
    page.click("button:has-text('Laksanakan')")
    page.wait_for_selector("text=Permintaan dilaksanakan")

    me = Person.objects.get(pk=me.pk)
    assert me.anonymised_at is not None and me.name == "(dihapus)" and me.nik_encrypted == ""
