"""The main path in a real headless Chromium (Debian's /usr/bin/chromium, never a downloaded browser):
log in on a phone-sized screen, filter the registry, open an enterprise, import a small file."""

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from naikkelas.regions.services import regions_load
from naikkelas.registry.importer import COLUMNS
from naikkelas.registry.models import Enterprise
from naikkelas.testing.factories import make_personas

CHROMIUM = "/usr/bin/chromium"
# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install chromium chromium-driver (.ci/run does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
        yield context.new_page()
        context.close()
        browser.close()


def import_file(tmp_path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([column.header for column in COLUMNS])
    sheet.append(["3374054506900003", "Dewi Lestari", "P", "1990-06-05", "081311112222", "",
                  "33.74.05", "Lumpia Dewi", "", "", "", "food", "33.74.05", "2016-02-01", "2021-02",
                  "9.500.000", "30000000", "2"])  # fmt: skip
    path = tmp_path / "umkm-semarang.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_admin_logs_in_filters_opens_and_imports(page, live_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    regions_load()  # a transactional test starts from an empty database
    make_personas()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", "semarang")
    page.fill("#id_password", "naikkelas")
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('Registri UMKM')")

    page.fill("#id_q", "bandeng")
    page.click("form.filters button[type=submit]")
    cards = page.locator("#enterprises li")
    assert cards.count() == 1
    assert "Bandeng Presto Bu Sri" in cards.first.inner_text()

    page.click("#enterprises a")
    page.wait_for_selector("h1:has-text('Bandeng Presto Bu Sri')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.goto(f"{live_server.url}/registri/impor/")
    page.set_input_files("#id_file", str(import_file(tmp_path)))
    page.click("main form button[type=submit]")
    page.wait_for_selector("#status:has-text('siap disimpan')")
    assert page.inner_text("#total-rows") == "1"
    page.click("#commit")
    page.wait_for_selector("#status:has-text('selesai')")
    assert page.inner_text("#written-rows") == "1"
    assert Enterprise.objects.filter(name="Lumpia Dewi", regency_code="33.74").exists()
