"""The main path in a real headless Chromium (Debian's /usr/bin/chromium, never a downloaded browser):
log in on a phone-sized screen, filter the registry, open an enterprise, import a small file."""

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from naikkelas.registry.import_check import COLUMNS
from naikkelas.registry.models import Enterprise
from naikkelas.testing.factories import make_personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    make_personas()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", "semarang")
    page.fill("#id_password", "naikkelas")
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('Halo')")  # the admin's home; the registry is in the menu
    page.click("header nav summary")
    page.click("header nav >> text=Usaha")
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
