"""Flows that fit the hand, in a real browser at 360 px: the trainer marks a day without losing his place,
the mentor answers the oldest consultation first, the admin marks a batch of hand-sent messages at once,
the participant sends an assignment from her home and sees her mentor there."""

from datetime import date

import pytest
from django.urls import reverse

from naikkelas.mentoring.models import Consultation
from naikkelas.notify.models import Message
from naikkelas.training.models import Attendance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DAY1 = date(2021, 5, 10)


def login(page, live_server, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", "naikkelas")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def fits_the_phone(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_trainer_marks_one_person_without_losing_his_place(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.selection.models import Application
    from naikkelas.selection.tests.services.test_runs import apply
    from naikkelas.testing.factories import make_personas
    from naikkelas.training.services import attendance, enrolments
    from naikkelas.training.tests.conftest import running_batch

    the_batch, trainer, _other = running_batch(make_personas())
    extra = [apply(the_batch, n) for n in range(10, 30)]
    Application.objects.filter(pk__in=[a.pk for a in extra]).update(status=Application.Status.SELECTED)
    enrolments.enrolments_create(actor=None, batch=the_batch)
    total = the_batch.enrolments.count()
    assert total == 23
    attendance.attendance_all_present(actor=trainer, batch=the_batch, day=DAY1)
    target = the_batch.enrolments.order_by("application__person__name", "id")[18]

    page = browser_context.new_page()
    login(page, live_server, "pelatih")
    page.goto(f"{live_server.url}{reverse('training:attendance', args=[the_batch.pk, DAY1.isoformat()])}")
    assert page.locator("#q").count() == 1  # a long list has a search box
    row = page.locator(f"#row-{target.pk}")
    row.scroll_into_view_if_needed()
    page.evaluate("window.sameDocument = true")
    before = page.evaluate("window.scrollY")
    assert before > 1000
    row.locator("button.mark-absent").click()
    page.wait_for_selector(f"#row-{target.pk}.is-absent .saved")
    assert "tersimpan" in page.inner_text(f"#row-{target.pk} .saved")
    assert page.evaluate("window.sameDocument") is True  # the row was swapped, the page not reloaded
    assert abs(page.evaluate("window.scrollY") - before) < 5
    assert page.inner_text("#count") == f"{total - 1} dari {total} hadir"
    assert page.get_attribute(f"#absent-{target.pk}", "aria-pressed") == "true"
    assert Attendance.objects.get(enrolment=target, date=DAY1).present is False
    assert fits_the_phone(page)


def test_the_mentor_answers_the_oldest_consultation_first(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.mentoring.tests.conftest import open_one
    from naikkelas.testing.factories import make_personas
    from naikkelas.testing.mentoring import make_mentee

    mentee = make_mentee(make_personas())
    newer = open_one(mentee, on=date(2021, 6, 10))
    older = open_one(mentee, on=date(2021, 6, 4))

    page = browser_context.new_page()
    login(page, live_server, "mentor")
    page.goto(f"{live_server.url}{reverse('mentoring:consultations')}")
    first = page.locator("#consultations li").first
    assert "terlambat" in first.inner_text()
    first.locator("a").first.click()
    page.wait_for_url(f"**/pendampingan/konsultasi/{older.pk}/")
    page.fill("#id_body", "Coba jual lewat reseller di pasar Johar; saya kirim kontaknya.")
    page.click("#reply-form button[type=submit]")
    page.wait_for_selector("#consultation-status:has-text('dijawab')")
    assert fits_the_phone(page)
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.status == Consultation.Status.ANSWERED and older.first_response_at is not None
    assert newer.first_response_at is None


def test_the_admin_marks_a_batch_of_hand_sent_messages_at_once(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.testing.factories import make_personas

    make_personas()
    waiting = [
        Message.objects.create(
            recipient=f"+62812345670{i:02d}",
            channel="whatsapp",
            template="followup_reminder",
            context={"name": "Sri"},
            dedupe_key=f"e2e:{i}",
            regency_code="33.74",
            province_code="33",
            status=Message.Status.MANUAL,
        )
        for i in range(3)
    ]
    page = browser_context.new_page()
    login(page, live_server, "semarang")
    page.goto(f"{live_server.url}{reverse('notify:hand_queue')}")
    tick = page.locator("label.tick").first.bounding_box()
    assert tick is not None and tick["height"] >= 44  # the whole row label is the tap target
    for message in waiting:
        page.check(f"#tick-{message.pk}")
    page.click("#mark-checked")
    page.wait_for_selector("text=3 pesan ditandai terkirim.")
    assert "Tidak ada pesan yang menunggu." in page.inner_text("#hand-queue")
    assert fits_the_phone(page)
    assert set(Message.objects.values_list("status", flat=True)) == {Message.Status.SENT}


def test_the_participant_sends_an_assignment_from_her_home_and_sees_her_mentor(
    browser_context, live_server
) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.mentoring.services import matching, mentors
    from naikkelas.regions.models import Region
    from naikkelas.testing.factories import make_personas
    from naikkelas.training.models import Submission
    from naikkelas.training.services import assignments
    from naikkelas.training.tests.conftest import running_batch

    personas = make_personas()
    the_batch, _trainer, _other = running_batch(personas)
    assignments.assignments_create_default(actor=None, batch=the_batch)
    enrolment = the_batch.enrolments.order_by("id").first()
    participant = enrolment.application.person.user
    participant.set_password("naikkelas")
    participant.save()
    mentor = mentors.mentor_create(
        actor=None,
        user=personas.mentor,
        regency=Region.objects.get(code="33.74"),
        sectors=["food"],
        capacity=5,
    )
    matching.assign(actor=None, enterprise=enrolment.application.enterprise, mentor=mentor)

    page = browser_context.new_page()
    page.goto(f"{live_server.url}/")
    page.click("main >> text=Masuk")
    page.fill("#id_username", participant.username)
    page.fill("#id_password", "naikkelas")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url == f"{live_server.url}/"
    # Her mentor, by name, in her home's mentor section, with the way to reach him.
    section = page.locator(".home-section", has_text="Pendamping dan konsultasi saya")
    assert str(mentor) in section.inner_text() and "pendamping " + enrolment.application.enterprise.name in (
        section.inner_text()
    )
    due = page.locator(".home-section", has_text="Tugas yang perlu dikirim")
    assert "6\ntugas perlu dikirim" in due.inner_text()
    due.locator(".figures a").first.click()
    page.click("main >> text=Rencana tindak lanjut")
    page.fill("#text", "Ikut pameran, buka toko daring, catat kas tiap hari.")
    with page.expect_navigation():
        page.click("#submit-form button[type=submit]")
    assert "Tugas terkirim" in page.inner_text("main")
    sent = Submission.objects.get(enrolment=enrolment)
    assert sent.assignment.title == "Rencana tindak lanjut" and sent.text.startswith("Ikut pameran")
    page.click("header .brand")
    assert (
        "5\ntugas perlu dikirim"
        in page.locator(".home-section", has_text="Tugas yang perlu dikirim").inner_text()
    )
    assert fits_the_phone(page)
