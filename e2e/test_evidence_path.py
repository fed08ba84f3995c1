"""The evidence card on a phone-sized screen: the province admin opens the Dasar cohort, reads the card,
opens the "untuk analis" fold, and nothing is wider than the screen."""

from datetime import date

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_evidence_card_reads_on_a_phone(browser_context, live_server, settings) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.outcomes.tests.conftest import World
    from naikkelas.outcomes.tests.test_evidence import ranked
    from naikkelas.testing.factories import make_personas
    from naikkelas.testing.programs import batch, organisation, program_with_levels

    settings.OUTCOMES_MIN_GROUP = 5
    settings.OUTCOMES_BOOTSTRAP_REPLICATES = 200
    personas = make_personas()
    program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    world = World(
        personas, program, level1,
        batch(level1, organisation("Dinkop Kota Semarang", "33.74"), start=date(2021, 5, 10)),
        batch(level1, organisation("Dinkop Kudus", "33.19"), start=date(2021, 5, 10)),
    )  # fmt: skip
    ranked(world)

    page = browser_context.new_page()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", "provinsi")
    page.fill("#id_password", "naikkelas")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/hasil/?year=2021&level=1")
    card = page.locator("#evidence-card")
    assert "selang kepercayaan 95 %" in card.inner_text()
    assert (
        "Tingkat kepercayaan" in card.inner_text() and "Yang tidak ditunjukkan angka ini" in card.inner_text()
    )
    assert not page.locator("#designs").is_visible()  # the technical table waits in the fold
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("#for-analysts summary")
    assert page.locator("#designs").is_visible() and page.locator("#analyst-terms").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("text=Rencana analisis")
    page.wait_for_selector("#plan-programs")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
