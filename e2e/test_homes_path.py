"""Each role's home on a 360 px phone: from the public home page, sign in, land on one's own home (its
section headings and a count), tap one item, come back; the menu opens without script, holds only the
role's links, each a thumb's height."""

import pytest

from naikkelas.testing.factories import make_personas
from naikkelas.testing.training import make_province_batch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# login: (section headings on the home, a figure shown as "<count> <label>", the item to tap, where it leads)
ROLES = {
    "peserta": (
        ["Pelatihan saya", "Pendamping dan konsultasi saya", "Data dan persetujuan saya"],
        "1 sertifikat",
        "Lihat data saya",
        "/data-pribadi/saya/",
    ),
    "pelatih": (
        ["Angkatan yang saya latih", "Jawaban menunggu dinilai"],
        "3 jawaban menunggu dinilai",
        "Menengah 2021",
        "/pelatihan/angkatan/",
    ),
    "mentor": (
        ["Dampingan dan kunjungan", "Konsultasi menunggu jawaban"],
        "1 dampingan",
        "Lihat semua",
        "/pendampingan/saya/",
    ),
    "semarang": (
        ["Pendaftaran dibuka dan pendaftar menunggu", "Pendampingan di wilayah Anda"],
        "0 pendaftaran dibuka",
        "Lihat semua",
        "/seleksi/",
    ),
    "penilai": (["Penilaian yang ditugaskan"], "0 penilaian menunggu", "Lihat semua", "/seleksi/penilaian/"),
    "provinsi": (
        ["Pesan yang perlu dikirim manual", "Permintaan data pribadi"],
        "0 lulusan tanpa pendamping",
        "Lihat semua",
        "/seleksi/",
    ),
    "kementerian": (["Gambaran nasional per provinsi"], "", "Jawa Tengah", "/hasil/?region=33"),
}


def sign_in_from_home(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/")
    page.click("main >> text=Masuk")
    page.fill("#id_username", username)
    page.fill("#id_password", "naikkelas")
    with page.expect_navigation():
        page.click("main button[type=submit]")


def test_every_role_lands_on_its_home_and_comes_back_to_it(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    make_province_batch(make_personas())
    base = live_server.url
    for username, (headings, count, item, target) in ROLES.items():
        page = browser_context.browser.new_context(
            viewport={"width": 360, "height": 740}, locale="id-ID"
        ).new_page()
        sign_in_from_home(page, base, username)
        assert page.url == f"{base}/", username
        shown = page.locator("main h2").all_inner_texts()
        for heading in headings:
            assert heading in shown, (username, heading, shown)
        if count:
            figures = " ".join(" ".join(page.locator("main .figures li").all_inner_texts()).split())
            assert count in figures, (username, count, figures)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, username
        # The menu: closed until tapped, then links at least 44 px tall and no staff link for a participant.
        assert not page.is_visible("header nav details ul")
        page.click("header nav summary")
        links = page.locator("header nav details li a")
        assert links.count() >= 2
        assert min(box["height"] for box in (links.nth(i).bounding_box() for i in range(links.count()))) >= 44
        texts = links.all_inner_texts()
        if username == "peserta":
            assert "Usaha" not in texts and "Hasil" not in texts and "Pelatihan saya" in texts, texts
        page.click("header nav summary")
        # One tap to an item, and back home.
        with page.expect_navigation():
            page.click(f"main a:has-text('{item}') >> nth=0")
        assert target in page.url, (username, page.url)
        with page.expect_navigation():
            page.click("header .brand")
        page.wait_for_selector("main h2")
        assert page.url == f"{base}/" and headings[0] in page.locator("main h2").all_inner_texts()
        page.context.close()
