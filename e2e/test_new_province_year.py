"""A province's first year from an empty database, only through pages, on a phone (issue 14, "what it
must show"): the regions are loaded and nothing else (no demo). `naikkelas onboard` brings Jawa Timur
in; its admin signs in with the printed link, invites a regency admin, a reviewer and a trainer, and
builds a program with a level; the Surabaya admin opens a batch with its call; an applicant applies on
/daftar/; the reviewer scores; the selection runs. No Django admin, no demo loader."""

import re
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.programs.models import Batch, Level, Program
from naikkelas.regions.models import Region
from naikkelas.selection.models import Application, Review
from naikkelas.testing.selection import last_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rujak-Cingur-2026"
SHOTS = Path("/tmp/shots/registry")
SURABAYA = "Dinas Koperasi dan UKM Kota Surabaya"


def fits(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(SHOTS / f"new-year-{name}.png"), full_page=True)


def own_phone(page):  # type: ignore[no-untyped-def]
    """A second person's phone: a browser context of its own."""
    context = page.context.browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    return context.new_page()


def set_password(page, base: str, link: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + re.sub(r"^https?://[^/]+", "", link))
    page.wait_for_selector("#invitation-form")
    fits(page)
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    with page.expect_navigation():
        page.click("#invitation-form button[type=submit]")
    page.wait_for_selector("header button:has-text('Keluar')", state="attached")


def menu(page, base: str, item: str) -> None:  # type: ignore[no-untyped-def]
    """From the home page, as a person would: open the menu, follow the item."""
    page.goto(f"{base}/")
    page.click("header nav summary")
    with page.expect_navigation():
        page.click(f"header nav >> text={item}")


def invite(page, base: str, role: str, username: str, name: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/akun/")
    page.click("text=Staf kantor")
    page.click("text=Tambah staf")
    fits(page)
    page.select_option("#id_organisation", label=SURABAYA)
    page.select_option("#id_role", role)
    page.fill("#id_username", username)
    page.fill("#id_first_name", name)
    page.fill("#id_email", f"{username.lower()}@jatim.example")
    page.click("#staff-form button[type=submit]")
    page.wait_for_selector("#invitation-link")
    fits(page)
    return page.input_value("#invitation-link .share-url").strip()


def test_a_new_province_runs_its_first_year_from_an_empty_database(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert Region.objects.filter(code="35.78").exists()  # the regions, and nothing else
    assert not Organisation.objects.exists() and not User.objects.exists() and not Program.objects.exists()
    base = live_server.url
    today = timezone.localdate()
    year = today.year

    out = StringIO()
    call_command(
        "onboard", "--province", "35", "--admin", "Admin.Jatim", "--email", "admin@jatim.example", stdout=out
    )
    printed = re.search(r"\S+/akun/undangan/\S+/", out.getvalue())
    assert printed, out.getvalue()

    # The province admin: the printed link, a password, then the staff pages.
    admin = browser_context.new_page()
    set_password(admin, base, printed.group(0))
    shot(admin, "1-admin-home")
    links = {
        "Admin.Surabaya": invite(admin, base, "admin", "Admin.Surabaya", "Sinta"),
        "penilai.sby": invite(admin, base, "reviewer", "penilai.sby", "Rudi"),
        "pelatih.sby": invite(admin, base, "trainer", "pelatih.sby", "Wulan"),
    }
    shot(admin, "2-invited")

    # The first year: a program (nothing to copy) and a level, through the pages.
    menu(admin, base, "Program")
    assert "Belum ada program." in admin.inner_text("main")
    admin.click("#new-program")
    fits(admin)
    admin.fill("#id_year", str(year))
    admin.fill("#id_name", "Pelatihan Berjenjang Jawa Timur")
    admin.click("#program-form button[type=submit]")
    admin.wait_for_selector("text=dibuat")
    admin.click("#new-level")
    fits(admin)
    admin.select_option("#id_tier", "regency")
    admin.fill("#id_name", "Dasar")
    admin.fill("#id_min_business_months", "12")
    admin.fill("#id_min_omzet", "5.000.000")
    admin.select_option("#id_max_size_class", "micro")
    admin.fill("#id_questions", "Apa yang ingin Anda kembangkan?")
    admin.click("#level-form button[type=submit]")
    admin.wait_for_selector("#criteria")
    admin.click("#new-criterion")
    admin.fill("#id_label", "Pemasaran daring")
    admin.fill("#id_description", "Apakah usaha sudah berjualan lewat toko daring atau media sosial.")
    admin.fill("#id_weight", "10")
    for score, text in enumerate(["Belum", "Mencoba", "Sesekali", "Rutin", "Utama"], start=1):
        admin.fill(f"#id_score_{score}", text)
    admin.click("#criterion-form button[type=submit]")
    admin.wait_for_selector("text=Kriteria Pemasaran daring ditambahkan.")
    fits(admin)
    shot(admin, "3-level")
    level = Level.objects.get(program__year=year)

    # Each invited person sets a password with their own link, on their own phone.
    phones = {}
    for username, link in links.items():
        phones[username] = own_phone(admin)
        set_password(phones[username], base, link)

    # The Surabaya admin opens a batch of the level, with its call for applications.
    office = phones["Admin.Surabaya"]
    menu(office, base, "Program")
    office.click("#new-batch")
    fits(office)
    assert office.locator("#id_level option").all_inner_texts() == [
        "— pilih —", f"1. Dasar · {year} · Pelatihan Berjenjang Jawa Timur",
    ]  # fmt: skip
    office.select_option("#id_level", str(level.pk))
    office.fill("#id_title", "Dasar Kota Surabaya")
    office.fill("#id_venue", "Aula Dinas Koperasi dan UKM Kota Surabaya")
    office.fill("#id_start_date", (today + timedelta(days=30)).isoformat())
    office.fill("#id_capacity", "20")
    office.fill("#id_opens_on", today.isoformat())
    office.fill("#id_closes_on", (today + timedelta(days=14)).isoformat())
    office.click("#batch-form button[type=submit]")
    office.wait_for_selector("text=Angkatan dibuka: Dasar Kota Surabaya.")
    fits(office)
    shot(office, "4-batch")
    batch = Batch.objects.get()

    # An applicant on /daftar/, with the code that reaches her WhatsApp.
    district = Region.objects.filter(parent__code="35.78", kind=Region.Kind.DISTRICT).order_by("code").first()
    assert district is not None
    nik = district.code.replace(".", "") + "520380" + "0001"  # a woman born 12 March 1980
    applicant = own_phone(admin)
    applicant.goto(f"{base}/daftar/")
    applicant.click("text=Dasar Kota Surabaya")
    applicant.fill("#id_nik", nik)
    applicant.fill("#id_name", "Siti Aminah")
    applicant.fill("#id_phone", "0813 3456 7890")
    applicant.fill("#id_enterprise_name", "Rujak Cingur Bu Siti")
    applicant.select_option("#id_sector", "food")
    applicant.select_option("#id_district", district.code)
    applicant.fill("#id_started_on", "2016-04-01")
    applicant.fill("#id_period", (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m"))
    applicant.fill("#id_omzet", "12.000.000")
    applicant.fill("#id_aset", "40 juta")
    applicant.fill("#id_workers", "3")
    applicant.fill("#id_answer_0", "Ingin berjualan lewat aplikasi pesan antar.")
    applicant.check("#id_consent")
    fits(applicant)
    applicant.click("#apply button[type=submit]")
    applicant.wait_for_selector("#confirm")
    applicant.fill("#id_code", last_code())
    applicant.click("#confirm button[type=submit]")
    applicant.wait_for_selector("#status-link")
    shot(applicant, "5-applied")
    application = Application.objects.get()
    assert (application.batch, application.status) == (batch, "eligible")

    # The office assigns its reviewer; the reviewer scores from her list.
    office.goto(f"{base}/seleksi/angkatan/{batch.pk}/")
    with office.expect_navigation():
        office.click("#assign-reviews")
    office.wait_for_selector("text=Penilai ditugaskan.")
    reviewer = phones["penilai.sby"]
    reviewer.goto(f"{base}/seleksi/penilaian/")
    with reviewer.expect_navigation():
        reviewer.click("text=Rujak Cingur Bu Siti")
    fits(reviewer)
    for select in reviewer.locator("select[id^=id_score_]").all():
        select.select_option("4")
    reviewer.fill("#id_comment", "Siap berkembang.")
    shot(reviewer, "6-review")
    with reviewer.expect_navigation():
        reviewer.click("main form button[type=submit]")
    assert Review.objects.get().submitted_at is not None

    # The selection runs.
    office.goto(f"{base}/seleksi/angkatan/{batch.pk}/")
    with office.expect_navigation():
        office.click("#run")
    office.wait_for_selector("text=Seleksi dijalankan")
    fits(office)
    shot(office, "7-run")
    application.refresh_from_db()
    assert application.status == "selected"
    assert set(Membership.objects.values_list("user__username", "role")) >= {
        ("Admin.Jatim", "admin"), ("Admin.Surabaya", "admin"), ("penilai.sby", "reviewer"),
        ("pelatih.sby", "trainer"),
    }  # fmt: skip
