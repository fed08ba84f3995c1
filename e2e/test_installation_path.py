"""The installation administrator and a new province on a phone (walk 14): "Bawa masuk" refuses an
account of another province and says what it did; the one-time link can be copied or sent by WhatsApp;
a new province admin's home shows the first step; on the staff pages a password reset and a revoked role
are asked first, and revoking the last role the admin sees goes back to the list, not to a 404."""

from pathlib import Path

import pytest

from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.accounts.services import staff as staff_services
from naikkelas.accounts.services.organisations import installation_admin_create, regency_onboard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rujak-Cingur-2026"
SHOTS = Path("/tmp/shots/inst")


def fits(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    fits(page)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def with_password(user: User | None) -> User:
    assert user is not None
    user.set_password(PASSWORD)
    user.save()
    return user


def phone(browser_context, base: str, language: str):  # type: ignore[no-untyped-def]
    context = browser_context.browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    return context.new_page()


def sign_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def onboard(page, code: str, admin: str) -> None:  # type: ignore[no-untyped-def]
    page.fill("#id_code", code)
    page.fill("#id_admin", admin)
    with page.expect_navigation():
        page.click("#onboard-form button[type=submit]")


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_installation_and_staff_pages_ask_and_tell(browser_context, live_server, language) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    with_password(installation_admin_create(actor=None, username="pengelola").admin)
    page = phone(browser_context, base, language)
    sign_in(page, base, "pengelola")
    shot(page, f"{language}-01-pengelola-home")
    with page.expect_navigation():
        page.click("main .entries a")
    assert page.url.endswith("/akun/instalasi/")
    onboard(page, "35", "jatim")
    assert page.locator("#invitation-link [data-whatsapp]").count() == 1
    shot(page, f"{language}-02-jatim-in")
    onboard(page, "51", "jatim")
    error = page.inner_text("#onboard-form")
    assert "jatim" in error and "Balatkop UKM Jawa Timur" in error
    assert not Organisation.objects.filter(region__province_code="51").exists()
    shot(page, f"{language}-03-refused")
    onboard(page, "35", "jatim")
    said = page.inner_text("main")
    assert ("tidak ada kantor baru" if language == "id" else "no new offices") in said
    assert page.locator("#invitation-link .share-url").count() == 1
    shot(page, f"{language}-04-reissued")

    jatim = phone(browser_context, base, language)
    with_password(User.objects.get(username="jatim"))
    sign_in(jatim, base, "jatim")
    first = "Buat program pertama" if language == "id" else "Create the first program"
    assert first in jatim.inner_text("main")
    shot(jatim, f"{language}-05-jatim-home")

    surabaya = with_password(
        regency_onboard(actor=None, regency_code="35.78", admin_username="surabaya").admin
    )
    malang = regency_onboard(actor=None, regency_code="35.73").organisation
    person, _link = staff_services.staff_create(
        actor=None, organisation=Membership.objects.get(user=surabaya).organisation, username="sari",
        role="viewer", first_name="Sari", email="sari@x.example",
    )  # fmt: skip
    staff_services.staff_grant(actor=None, user=person, organisation=malang, role="viewer")
    office = phone(browser_context, base, language)
    sign_in(office, base, "surabaya")
    office.goto(f"{base}/akun/staf/{person.pk}/")
    shot(office, f"{language}-06-staff-detail")
    office.click("#memberships a")
    shot(office, f"{language}-07-revoke-confirm")
    assert person.memberships.count() == 2  # asking changed nothing
    with office.expect_navigation():
        office.click("#confirm-form button")
    assert office.url.endswith("/akun/staf/")
    assert "sari" in office.inner_text("main")
    shot(office, f"{language}-08-back-to-list")
    assert list(person.memberships.values_list("organisation", flat=True)) == [malang.pk]
    jatim.goto(f"{base}/akun/staf/{person.pk}/tautan/")
    shot(jatim, f"{language}-09-reset-confirm")
    jatim.goto(f"{base}/akun/staf/{person.pk}/nonaktifkan/")
    with jatim.expect_navigation():
        jatim.click("#confirm-form button")
    assert jatim.locator("#inactive-note").count() == 1 and jatim.locator("#memberships form").count() == 0
    shot(jatim, f"{language}-10-inactive")
