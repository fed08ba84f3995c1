"""Starting a year on a phone, as the people would: the province admin, from the home page, creates a
program, a level with its settings and a rubric criterion; a regency admin then opens a batch of it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from naikkelas.programs.models import Batch, Level, Program
from naikkelas.testing.factories import make_personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/")
    page.click("text=Masuk")
    page.fill("#id_username", username)
    page.fill("#id_password", "naikkelas")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def fits(page) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_province_admin_sets_up_a_year_and_a_regency_opens_a_batch(page, live_server) -> None:  # type: ignore[no-untyped-def]
    make_personas()
    year = timezone.localdate().year + 1
    base = live_server.url

    # The province admin, from the home page, follows the Program link.
    sign_in(page, base, "provinsi")
    page.goto(f"{base}/")
    page.click("header nav summary")  # the menu opens
    page.click("header nav >> text=Program")
    assert "Belum ada program." in page.inner_text("main")
    page.click("#new-program")
    fits(page)
    page.fill("#id_year", str(year))
    page.fill("#id_name", "Pelatihan Berjenjang")
    page.screenshot(path="var/e2e-programs-1-new.png", full_page=True)
    page.click("#program-form button[type=submit]")
    page.wait_for_selector("text=dibuat")
    program = Program.objects.get(year=year)
    assert page.inner_text("h1") == f"Pelatihan Berjenjang {year}"

    # A level with its settings: each explains itself under the field.
    page.click("#new-level")
    fits(page)
    assert "12 berarti satu tahun" in page.inner_text("#level-form")
    page.select_option("#id_tier", "regency")
    page.fill("#id_name", "Dasar")
    page.fill("#id_min_business_months", "12")
    page.fill("#id_min_omzet", "5.000.000")
    page.select_option("#id_max_size_class", "micro")
    page.fill("#id_min_days_attended", "4")
    page.fill("#id_min_assignments_passed_percent", "80")
    page.fill("#id_questions", "Apa yang ingin Anda kembangkan?\nApa kendala terbesar usaha Anda?")
    page.screenshot(path="var/e2e-programs-2-level.png", full_page=True)
    page.click("#level-form button[type=submit]")
    page.wait_for_selector("#criteria")
    level = Level.objects.get(program=program)
    assert (level.tier, level.min_omzet, level.max_size_class, len(level.motivation_questions)) == (
        "regency", 5_000_000, "micro", 2,
    )  # fmt: skip
    assert "Rp5.000.000" in page.inner_text("#eligibility")
    fits(page)

    # A rubric criterion with what each score means.
    page.click("#new-criterion")
    page.fill("#id_label", "Pemasaran daring")
    page.fill("#id_description", "Apakah usaha sudah berjualan lewat toko daring atau media sosial.")
    page.fill("#id_weight", "10")
    for score, text in enumerate(
        ["Belum pernah", "Pernah mencoba", "Berjualan sesekali", "Berjualan rutin", "Penjualan utama daring"],
        start=1,
    ):
        page.fill(f"#id_score_{score}", text)
    fits(page)
    page.click("#criterion-form button[type=submit]")
    page.wait_for_selector("text=Kriteria Pemasaran daring ditambahkan.")
    assert "Penjualan utama daring" in page.inner_text("#criteria")
    assert level.criteria.filter(key="pemasaran_daring", weight=10).exists()
    page.screenshot(path="var/e2e-programs-3-level-page.png", full_page=True)

    # The level's five days and assignments live on training's pages, linked from here.
    page.click("text=Sesi lima hari dan tugas")
    page.click("#start-templates button[type=submit]")
    page.wait_for_selector("#days")
    assert "Pembukuan sederhana" in page.inner_text("#days")
    fits(page)

    # The Kudus office opens a batch: only this level is offered.
    kudus = page.context.browser.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID"
    ).new_page()
    sign_in(kudus, base, "kudus")
    kudus.goto(f"{base}/")
    kudus.click("header nav summary")
    kudus.click("header nav >> text=Program")
    kudus.click("#new-batch")
    options = kudus.locator("#id_level option").all_inner_texts()
    assert options == ["— pilih —", f"1. Dasar · {year} · Pelatihan Berjenjang"]
    today = timezone.localdate()
    kudus.select_option("#id_level", str(level.pk))
    kudus.fill("#id_title", "Dasar Kabupaten Kudus")
    kudus.fill("#id_venue", "Aula Dinas Koperasi dan UKM Kudus")
    kudus.fill("#id_start_date", (today + timedelta(days=30)).isoformat())
    kudus.fill("#id_capacity", "25")
    kudus.fill("#id_opens_on", today.isoformat())
    kudus.fill("#id_closes_on", (today + timedelta(days=14)).isoformat())
    fits(kudus)
    kudus.screenshot(path="var/e2e-programs-4-batch.png", full_page=True)
    kudus.click("#batch-form button[type=submit]")
    kudus.wait_for_selector("text=Angkatan dibuka: Dasar Kabupaten Kudus.")
    opened = Batch.objects.get()
    assert (opened.level, opened.organiser.name, opened.capacity) == (level, "Organisasi kudus", 25)
    fits(kudus)
    kudus.screenshot(path="var/e2e-programs-5-batch-page.png", full_page=True)
