"""Forms the browser tests fill the way a person does, written once."""

from datetime import timedelta

from django.utils import timezone

SRI_NIK = "3374 0152 0380 0001"


def fill_application(  # type: ignore[no-untyped-def]
    page, *, nik: str = SRI_NIK, omzet: str = "12.000.000", aset: str = "40.000.000", consent: bool = True
) -> None:
    """Sri Wahyuni's application (Bandeng Presto Juwana, Kota Semarang, figures of last month) on the
    public form or the office's paper-entry form, which share their fields."""
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    page.fill("#id_nik", nik)
    page.fill("#id_name", "Sri Wahyuni")
    page.fill("#id_phone", "0812 3456 7890")
    page.fill("#id_enterprise_name", "Bandeng Presto Juwana Sri")
    page.select_option("#id_sector", "fishery")
    page.select_option("#id_district", "33.74.02")
    page.fill("#id_started_on", "2015-06-01")
    page.fill("#id_period", last_month.strftime("%Y-%m"))
    page.fill("#id_omzet", omzet)
    page.fill("#id_aset", aset)
    page.fill("#id_workers", "3")
    page.fill("#id_answer_0", "Ingin berjualan di marketplace.")
    if consent:
        page.check("#id_consent")


def open_import_page(page, base: str) -> None:  # type: ignore[no-untyped-def]
    """The Kota Semarang admin signs in from home and reaches Usaha → Impor dari Excel through the menu."""
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", "semarang")
    page.fill("#id_password", "naikkelas")
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('Halo')")
    page.click("header nav summary")
    page.click("header nav >> text=Usaha")
    page.wait_for_selector("h1:has-text('Registri UMKM')")
    with page.expect_navigation():
        page.click("main >> text=Impor dari Excel")
