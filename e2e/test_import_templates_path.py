"""The import templates as an office uses them, in a real headless Chromium on a phone-sized screen: the
Semarang admin downloads the new-business template, uploads it by mistake as monthly figures and is told
the kind is wrong in one line about the whole file, then uploads it as new businesses with the example row
still in and is told to delete that row; in Indonesian and in English."""

from pathlib import Path

import pytest

from e2e.forms import open_import_page
from naikkelas.testing.factories import make_personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots/registry")


def _upload(page, path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    page.check(f"input[name=kind][value={kind}]")
    page.set_input_files("#id_file", str(path))
    page.click("main form button[type=submit]")
    page.wait_for_selector("#status:has-text('Ada kesalahan')")


def test_admin_is_told_the_wrong_kind_and_the_example_row_plainly(page, live_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_personas()
    SHOTS.mkdir(parents=True, exist_ok=True)
    open_import_page(page, live_server.url)
    with page.expect_download() as download:
        page.click("main >> text=Unduh templat usaha baru (.xlsx)")
    template = tmp_path / "templat-impor-umkm.xlsx"
    download.value.save_as(template)

    _upload(page, template, "figures")
    rows = page.locator("#problems tbody tr")
    assert rows.count() == 1
    assert rows.first.locator("td").first.inner_text() == "Berkas"  # the whole file, not "Baris 0"
    assert "tampaknya templat usaha baru; pilih jenis impor 'usaha baru'" in rows.first.inner_text()
    page.screenshot(path=str(SHOTS / "import-wrong-kind.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("header button[value=en]")
    page.wait_for_selector("#problems")
    assert page.locator("#problems tbody tr td").first.inner_text() == "File"
    assert "looks like the template for new enterprises" in page.inner_text("#problems")
    page.screenshot(path=str(SHOTS / "import-wrong-kind-en.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("header button[value=id]")
    page.wait_for_selector("#problems")

    page.click("main >> text=Impor dari Excel")
    page.wait_for_selector("h1:has-text('Impor dari Excel')")
    _upload(page, template, "enterprises")
    assert "Baris contoh dari templat; hapus sebelum mengunggah." in page.inner_text("#problems")
    assert page.locator("#problems tbody tr").count() == 1
    page.screenshot(path=str(SHOTS / "import-example-row.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("header button[value=en]")
    page.wait_for_selector("#problems")
    assert "Example row from the template; delete it before uploading." in page.inner_text("#problems")
    page.screenshot(path=str(SHOTS / "import-example-row-en.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
