"""Words in a real browser on a phone-sized screen: the participant reads the copy of her data as a
document in Indonesian, switches to English and reads it in English; no raw key on either."""

import pytest

from naikkelas.testing.words import findings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_participant_reads_her_data_copy_in_indonesian_then_in_english(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.testing.factories import make_personas

    personas = make_personas()
    me = personas.participant_person

    page = browser_context.new_page()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", "peserta")
    page.fill("#id_password", "naikkelas")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/akun/")
    page.click("main >> text=Data pribadi saya")
    page.click("#open-copy")
    page.wait_for_selector("h1:has-text('Salinan data saya')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    sections = page.locator(".copy-section h2").all_inner_texts()
    assert sections[:3] == ["Data diri", "Usaha Anda", "Laporan angka usaha Anda"]
    person = page.locator(".copy-section").first
    facts = dict(
        zip(person.locator("dt").all_inner_texts(), person.locator("dd").all_inner_texts(), strict=True)
    )
    assert facts["NIK"] == me.nik and facts["Nama"] == me.name
    assert facts["Jenis kelamin"] == "perempuan"
    assert facts["Tanggal lahir"] == me.birth_date.strftime("%-d ") + {
        1: "Januari", 2: "Februari", 3: "Maret", 4: "April", 5: "Mei", 6: "Juni", 7: "Juli", 8: "Agustus",
        9: "September", 10: "Oktober", 11: "November", 12: "Desember",
    }[me.birth_date.month] + me.birth_date.strftime(" %Y")  # fmt: skip
    assert findings(page.content(), "id") == []

    page.click("header button[value=en]")
    page.wait_for_selector("h1:has-text('Copy of my data')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    sections = page.locator(".copy-section h2").all_inner_texts()
    assert sections[:3] == ["Personal details", "Your enterprises", "Your business figures"]
    person = page.locator(".copy-section").first
    facts = dict(
        zip(person.locator("dt").all_inner_texts(), person.locator("dd").all_inner_texts(), strict=True)
    )
    assert facts.get("Sex") == "female" and facts.get("Name") == me.name, facts
    assert findings(page.content(), "en") == []
