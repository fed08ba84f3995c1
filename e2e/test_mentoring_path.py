"""After the training, in a real browser on a phone-sized screen: a participant asks the mentor for help,
the mentor answers, the participant closes the matter and then reports follow-up figures through the
personal link, without a password."""

from datetime import date, timedelta

import pytest

from naikkelas.mentoring.models import Consultation, FollowUp
from naikkelas.mentoring.services import followups
from naikkelas.registry.models import MetricReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", "naikkelas")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def fits_the_phone(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_consultation_answer_and_follow_up_link(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.testing.factories import make_personas
    from naikkelas.testing.mentoring import make_mentee

    mentee = make_mentee(make_personas())

    participant = browser_context.new_page()
    login(participant, live_server, "peserta")
    participant.goto(f"{live_server.url}/pendampingan/konsultasi/")
    participant.click("#open-consultation")
    participant.select_option("#id_category", "marketing")
    participant.fill("#id_description", "Bagaimana menjual bandeng presto ke luar kota?")
    participant.click("#consultation-form button[type=submit]")
    participant.wait_for_selector("text=Konsultasi terkirim ke pendamping Anda.")
    assert fits_the_phone(participant)
    consultation = Consultation.objects.get()
    assert consultation.mentor == mentee.mentor

    mentor = browser_context.browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    login(mentor, live_server, "mentor")
    mentor.goto(f"{live_server.url}/pendampingan/saya/")
    mentor.click("main >> text=Konsultasi")
    mentor.click(f"text={mentee.enterprise.name}")
    mentor.fill("#id_body", "Kirim dengan kemasan vakum; saya bantu daftar marketplace.")
    mentor.click("#reply-form button[type=submit]")
    mentor.wait_for_selector("#consultation-status:has-text('dijawab')")
    assert fits_the_phone(mentor)

    participant.reload()
    participant.wait_for_selector("text=kemasan vakum")
    participant.click("#close-consultation")
    participant.wait_for_selector("#consultation-status:has-text('selesai')")
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CLOSED and consultation.first_response_at is not None

    followups.followups_schedule(program=mentee.program)
    due = FollowUp.objects.get(enterprise=mentee.enterprise, month_offset=3)
    due.link_expires_on = date.today() + timedelta(days=30)
    due.save(update_fields=["link_expires_on"])
    stranger = browser_context.browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    stranger.goto(f"{live_server.url}/tindak-lanjut/{followups.link_token(due)}/")
    stranger.fill("#id_omzet", "12.500.000")
    stranger.fill("#id_aset", "35.000.000")
    stranger.fill("#id_workers", "3")
    assert fits_the_phone(stranger)
    stranger.click("#followup-form button[type=submit]")
    stranger.wait_for_selector("text=Terima kasih, angka usaha tersimpan.")
    due.refresh_from_db()
    assert due.status == FollowUp.Status.REPORTED and due.via == FollowUp.Via.LINK
    assert MetricReport.objects.get(pk=due.report_id).omzet == 12_500_000
