"""A province that has never seen the system, on a phone: from an empty database with the regions
loaded (no demo), `naikkelas onboard` brings Jawa Timur in; its admin sets a password with the printed
link and enrols the authenticator, invites a regency admin, a reviewer and a trainer on the staff pages,
and each of them sets a password through their own link and lands signed in."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from naikkelas.accounts.models import Membership, Organisation, TwoFactorDevice, User
from naikkelas.accounts.services.security import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rujak-Cingur-2026"


def fits(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_load_state()
    page.wait_for_function("document.documentElement !== null && document.readyState === 'complete'")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def set_password(page, base: str, link: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + path_of(link))
    page.wait_for_selector("#invitation-form")
    fits(page)
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    with page.expect_navigation():
        page.click("#invitation-form button[type=submit]")


def enrol_authenticator(page) -> None:  # type: ignore[no-untyped-def]
    """What the person does with the authenticator app: type the key's current code."""
    page.wait_for_selector("text=Pasang verifikasi dua langkah")
    fits(page)
    secret = page.inner_text("main code").replace(" ", "")
    page.fill("#id_code", totp_code(secret))
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def invite(page, base: str, office: str, role: str, username: str, name: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/akun/")
    page.click("text=Staf kantor")
    page.click("text=Tambah staf")
    fits(page)
    page.select_option("#id_organisation", label=office)
    page.select_option("#id_role", role)
    page.fill("#id_username", username)
    page.fill("#id_first_name", name)
    page.fill("#id_email", f"{username.lower()}@jatim.example")
    page.click("#staff-form button[type=submit]")
    page.wait_for_selector("#invitation-link")
    fits(page)
    return page.input_value("#invitation-link .share-url").strip()


def signed_in_as(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector("header button:has-text('Keluar')", state="attached", timeout=10_000)
    assert page.locator("header button", has_text="Keluar").count() == 1
    page.goto(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + "/akun/")
    assert username in page.inner_text("main")


def test_a_new_province_comes_in_and_its_people_sign_in_by_their_links(  # type: ignore[no-untyped-def]
    browser_context, live_server, settings
) -> None:
    settings.TWO_FACTOR_REQUIRED = True  # as in production: admins enrol an authenticator
    assert not Organisation.objects.exists() and not User.objects.exists()
    out = StringIO()
    call_command(
        "onboard", "--province", "35", "--admin", "Admin.Jatim", "--email", "admin@jatim.example", stdout=out
    )
    link = re.search(r"\S+/akun/undangan/\S+/", out.getvalue())
    assert link, out.getvalue()
    base = live_server.url

    # The province admin: the printed link, a password, the authenticator, then the staff pages.
    page = browser_context.new_page()
    set_password(page, base, link.group(0))
    enrol_authenticator(page)
    signed_in_as(page, "Admin.Jatim")
    page.screenshot(path="var/e2e-people-1-admin.png", full_page=True)
    links = {
        "Admin.Surabaya": invite(
            page, base, "Dinas Koperasi dan UKM Kota Surabaya", "admin", "Admin.Surabaya", "Sinta"
        ),
        "penilai.jatim": invite(page, base, "Balatkop UKM Jawa Timur", "reviewer", "penilai.jatim", "Rudi"),
        "pelatih.sby": invite(
            page, base, "Dinas Koperasi dan UKM Kota Surabaya", "trainer", "pelatih.sby", "Wulan"
        ),
    }
    page.screenshot(path="var/e2e-people-2-invited.png", full_page=True)
    page.goto(f"{base}/akun/staf/?state=never")
    fits(page)
    listed = page.inner_text("#staff")
    assert all(username in listed for username in links)
    page.screenshot(path="var/e2e-people-3-staff.png", full_page=True)

    # Each invited person, in a browser of their own.
    for username, invitation in links.items():
        context = page.context.browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
        own = context.new_page()
        set_password(own, base, invitation)
        if username == "Admin.Surabaya":
            enrol_authenticator(own)
        signed_in_as(own, username)
        context.close()

    assert set(Membership.objects.filter(user__username__in=links).values_list("user__username", "role")) == {
        ("Admin.Surabaya", "admin"), ("penilai.jatim", "reviewer"), ("pelatih.sby", "trainer"),
    }  # fmt: skip
    assert all(user.has_usable_password() and user.last_login for user in User.objects.all())
    assert TwoFactorDevice.objects.filter(confirmed_at__isnull=False).count() == 2  # the two admins
    # The link works once.
    page.goto(base + path_of(links["penilai.jatim"]))
    assert "Tautan tidak berlaku" in page.inner_text("main")
