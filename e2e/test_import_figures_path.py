"""New monthly figures for registered enterprises, in a real headless Chromium on a phone-sized screen:
the Semarang admin goes from her home to the import page, uploads the month's figures, reads what would
change (old -> new), saves, and the registry holds exactly those figures."""

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from e2e.forms import open_import_page
from naikkelas.registry.import_check import FIGURE_COLUMNS
from naikkelas.registry.models import Enterprise, MetricReport
from naikkelas.testing.factories import EnterpriseFactory, MetricReportFactory, make_personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots/registry")


def figures_file(tmp_path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([column.header for column in FIGURE_COLUMNS])
    sheet.append(["", "9120000000003", "2021-08", "12.500.000", "40000000", "4"])  # changes
    sheet.append(["", "9120000000004", "2021-08", "10.000.000", "40000000", "3"])  # the same
    path = tmp_path / "angka-agustus.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_admin_imports_a_months_figures_seeing_old_and_new_first(page, live_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    personas = make_personas()
    bandeng = personas.semarang_enterprise
    Enterprise.objects.filter(pk=bandeng.pk).update(nib="9120000000003")
    other = EnterpriseFactory.create(
        name="Tahu Bakso Pak Min", nib="9120000000004", district=bandeng.district
    )
    for enterprise in (bandeng, other):
        MetricReportFactory.create(enterprise=enterprise, period=date(2021, 8, 1), source="import",
                                   omzet=10_000_000, aset=40_000_000, workers=3)  # fmt: skip
    SHOTS.mkdir(parents=True, exist_ok=True)

    open_import_page(page, live_server.url)
    page.wait_for_selector("h1:has-text('Impor dari Excel')")
    page.check("input[name=kind][value=figures]")
    page.set_input_files("#id_file", str(figures_file(tmp_path)))
    page.screenshot(path=str(SHOTS / "import-start.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("main form button[type=submit]")
    page.wait_for_selector("#status:has-text('siap disimpan')")
    rows = page.locator("#changes > li")
    assert rows.count() == 1
    assert "Bandeng Presto Bu Sri" in rows.first.inner_text()
    assert "Rp10.000.000 → Rp12.500.000" in rows.first.inner_text().replace("\xa0", "")
    page.screenshot(path=str(SHOTS / "import-figures-checked.png"), full_page=True)
    page.click("#commit")
    page.wait_for_selector("#status:has-text('selesai')")
    assert "1 laporan angka tersimpan" in page.inner_text("#status")
    page.screenshot(path=str(SHOTS / "import-figures-done.png"), full_page=True)
    page.click("header button[value=en]")
    page.wait_for_selector("#status")
    page.screenshot(path=str(SHOTS / "import-figures-done-en.png"), full_page=True)

    report = MetricReport.objects.get(enterprise=bandeng, period=date(2021, 8, 1), source="import")
    assert (report.omzet, report.workers) == (12_500_000, 4)
    untouched = MetricReport.objects.get(enterprise=other, period=date(2021, 8, 1), source="import")
    assert (untouched.omzet, untouched.workers) == (10_000_000, 3)
