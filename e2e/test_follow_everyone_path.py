"""Follow everyone, on a phone: the public form says why it asks for follow-up consent and asks for two
earlier months; a participant tells through her follow-up link that the business has closed; the
province admin reads closures, the rupiah line and the plan's subgroups on the evidence card."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from naikkelas.testing.factories import make_personas
from naikkelas.testing.programs import batch, organisation, program_with_levels

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots/evidence")


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page, live_server, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", "naikkelas")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_the_public_form_says_why_it_asks_to_follow_up(page, live_server) -> None:  # type: ignore[no-untyped-def]
    personas = make_personas()
    today = timezone.localdate()
    _program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    office = personas.semarang_admin.memberships.get().organisation
    batch(level1, office, opens=today - timedelta(days=2), closes=today + timedelta(days=5),
          start=today + timedelta(days=14), capacity=5, title="Dasar Kota Semarang")  # fmt: skip
    page.goto(f"{live_server.url}/")
    page.click("text=Daftar pelatihan")
    page.click("text=Dasar Kota Semarang")
    reason = page.locator("#followup-reason").inner_text()
    assert "membandingkan angka usaha peserta" in reason and "boleh berhenti kapan saja" in reason
    assert page.locator("#id_omzet_month_before").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "apply-form")
    box = page.locator("#followup-reason").bounding_box()
    page.screenshot(path=str(SHOTS / "apply-consent.png"), full_page=True,
                    clip={"x": 0, "y": box["y"] - 700, "width": 360, "height": 1000})  # fmt: skip


def test_a_participant_says_her_business_has_closed(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.mentoring.models import FollowUp
    from naikkelas.mentoring.services import followups
    from naikkelas.testing.mentoring import make_mentee

    mentee = make_mentee(make_personas())
    followups.followups_schedule(program=mentee.program)
    due = FollowUp.objects.get(enterprise=mentee.enterprise, month_offset=3)
    due.due_on, due.link_expires_on = timezone.localdate(), timezone.localdate() + timedelta(days=30)
    due.save(update_fields=["due_on", "link_expires_on"])
    page = browser_context.new_page()
    sign_in(page, live_server, "peserta")
    page.goto(f"{live_server.url}/pendampingan/konsultasi/")
    page.click("#my-followups >> text=Isi angka usaha")
    page.wait_for_selector("#closed")
    page.click("#closed summary")
    shot(page, "followup-closed-form")
    page.click("#closed-submit")  # without the confirmation: asked to tick it
    page.wait_for_selector("text=Centang konfirmasi bahwa usaha sudah tidak berjalan.")
    page.click("#closed summary")
    page.check("#closed-sure")
    page.click("#closed-submit")
    page.wait_for_selector("#followup-closed")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "followup-closed-done")
    due.refresh_from_db()
    assert due.status == FollowUp.Status.CLOSED


def test_the_card_shows_closures_rupiah_and_subgroups(browser_context, live_server, settings) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.mentoring.models import FollowUp
    from naikkelas.mentoring.services import followups
    from naikkelas.outcomes.services import plans
    from naikkelas.outcomes.tests.conftest import World
    from naikkelas.outcomes.tests.test_evidence import ranked
    from naikkelas.selection.models import Application

    settings.OUTCOMES_BOOTSTRAP_REPLICATES = 200
    personas = make_personas()
    program, level1, _level2 = program_with_levels(organisation("Balatkop Jateng", "33"))
    world = World(
        personas, program, level1,
        batch(level1, organisation("Dinkop Kota Semarang", "33.74"), start=date(2021, 5, 10)),
        batch(level1, organisation("Dinkop Kudus", "33.19"), start=date(2021, 5, 10)),
    )  # fmt: skip
    ranked(world)
    plans.analysis_plan_set(actor=None, program=program, primary_outcome="omzet", design="itt", window_from=6,
                            window_to=12, winsor_percent=0, subgroups=["regency"], min_group=10,
                            today=date(2021, 4, 1))  # fmt: skip
    followups.followups_schedule(program=program)
    for followup in FollowUp.objects.filter(
        month_offset=6, enterprise__applications__status=Application.Status.REJECTED, enterprise__reports__period__lt=date(2021, 3, 1)
    ).order_by("id")[:4]:  # fmt: skip
        if not followup.enterprise.reports.filter(period=date(2022, 4, 1)).exists():
            followups.followup_report_closed(actor=None, followup=followup, via="link")
    page = browser_context.new_page()
    sign_in(page, live_server, "provinsi")
    page.goto(f"{live_server.url}/hasil/?program={program.pk}&level=1")
    card = page.locator("#evidence-card").inner_text()
    assert (
        "usaha tutup" in card
        and "Dihitung dalam rupiah, rata-rata per usaha:" in card
        and "Rupiah nominal" in card
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#evidence-card").screenshot(path=str(SHOTS / "evidence-card.png"))
    page.click("#for-analysts summary")
    assert page.locator("#subgroups").is_visible() and page.locator("#per-completer").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("#for-analysts").screenshot(path=str(SHOTS / "evidence-fold.png"))
