"""Outcomes in a real browser on a phone-sized screen: the province admin opens the 2021 cohort report,
filters it to one regency/city, and downloads the .xlsx and the PDF."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cohort_report_filter_and_downloads(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.outcomes.tests.conftest import World
    from naikkelas.outcomes.tests.test_cohort import populate
    from naikkelas.testing.factories import make_personas
    from naikkelas.testing.programs import batch, organisation, program_with_levels

    personas = make_personas()
    program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))

    world = World(
        personas, program, level1,
        batch(level1, organisation("Dinkop Kota Semarang", "33.74"), start=date(2021, 5, 10)),
        batch(level1, organisation("Dinkop Kudus", "33.19"), start=date(2021, 5, 10)),
    )  # fmt: skip
    populate(world)

    page = browser_context.new_page()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", "provinsi")
    page.fill("#id_password", "naikkelas")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/hasil/")
    page.fill("#id_year", "2021")
    page.fill("#id_level", "1")
    page.click("#cohort-filter button[type=submit]")
    page.wait_for_selector("#response")
    assert "5 peserta, 4 dengan angka tindak lanjut" in page.inner_text("#response")
    page.click("main summary")
    page.select_option("#id_region", "33.74")
    page.click("#cohort-filter button[type=submit]")
    page.wait_for_selector("text=3 peserta, 2 dengan angka tindak lanjut")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with page.expect_download() as xlsx_download:
        page.click("#download-xlsx")
    book = load_workbook(io.BytesIO(open(xlsx_download.value.path(), "rb").read()))  # noqa: SIM115
    assert [c.value for c in book["Ringkasan"][2]][:3] == ["Omzet per bulan (Rp)", 16_000_000, 31_000_000]
    about = {row[0].value: row[1].value for row in book["Tentang laporan"].iter_rows()}
    assert (about["Peserta"], about["Dengan angka tindak lanjut"]) == (3, 2)
    with page.expect_download() as pdf_download:
        page.click("#download-pdf")
    assert open(pdf_download.value.path(), "rb").read(4) == b"%PDF"  # noqa: SIM115
