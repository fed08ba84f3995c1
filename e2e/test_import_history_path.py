"""Bringing history in, in a real headless Chromium on a phone-sized screen: the Semarang admin goes from
her home to the import page, downloads the history template, uploads two participants of a 2020 batch,
reads the check, saves, and the cohort report for 2020 counts the graduate."""

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from e2e.forms import open_import_page
from naikkelas.accounts.models import Organisation
from naikkelas.testing.factories import make_personas, nik_for
from naikkelas.testing.programs import program_with_levels
from naikkelas.training.history import COLUMNS
from naikkelas.training.models import Graduation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots/history")


def history_file(tmp_path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([column.header for column in COLUMNS])
    sri = nik_for("33.74.01", "F", date(1980, 3, 12))
    budi = nik_for("33.74.02", "M", date(1975, 1, 5))
    sheet.append([2020, 1, "", "2020-08-03", sri, "Sri Rahayu", "P", "1980-03-12", "", "33.74.01",
                  "Bandeng Sri", "", "olahan perikanan", "33.74.01", "2015-06-01", 5, "Y", "2020-06",
                  8_000_000, 30_000_000, 2, "2021-03", 12_500_000, 41_000_000, 3])  # fmt: skip
    sheet.append([2020, 1, "", "2020-08-03", budi, "Budi Hartono", "L", "1975-01-05", "", "33.74.02",
                  "Batik Budi", "", "kerajinan", "33.74.02", "2012-01-01", 3, "T", "2020-06",
                  5_000_000, 20_000_000, 1, "", "", "", ""])  # fmt: skip
    path = tmp_path / "riwayat-2020.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_admin_brings_a_2020_batch_in_and_the_cohort_report_shows_it(page, live_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    personas = make_personas()
    program_with_levels(Organisation.objects.get(memberships__user=personas.province_admin), year=2026)
    SHOTS.mkdir(parents=True, exist_ok=True)

    open_import_page(page, live_server.url)
    page.wait_for_selector("h1:has-text('Impor dari Excel')")
    with page.expect_download() as download:
        page.click("main >> text=Unduh templat riwayat pelatihan (.xlsx)")
    assert download.value.suggested_filename == "templat-riwayat-pelatihan.xlsx"
    page.check("input[name=kind][value=history]")
    page.set_input_files("#id_file", str(history_file(tmp_path)))
    page.screenshot(path=str(SHOTS / "history-start.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("main form button[type=submit]")
    page.wait_for_selector("#status:has-text('siap disimpan')")
    assert page.inner_text("#error-count") == "0"
    page.screenshot(path=str(SHOTS / "history-checked.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("#commit")
    page.wait_for_selector("#status:has-text('selesai')")
    assert "2 peserta riwayat tersimpan" in page.inner_text("#status")
    page.click("header button[value=en]")
    page.wait_for_selector("#status:has-text('Done')")
    assert page.inner_text("#written-rows") == "2"
    assert "2 past participants saved" in page.inner_text("#status")  # stored in every language
    assert page.inner_text("h1") == "Import of training history"
    page.screenshot(path=str(SHOTS / "history-done-en.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    graduate = Graduation.objects.get()
    assert graduate.level.program.year == 2020 and graduate.enterprise.name == "Bandeng Sri"
    page.goto(f"{live_server.url}/hasil/?year=2020")
    page.wait_for_selector("h1")
    page.screenshot(path=str(SHOTS / "cohort-2020-en.png"), full_page=True)
    assert page.inner_text("#response").startswith("1 participant")  # the graduate, with her follow-up
    assert page.locator("#empty-cohort").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
