"""Without signal, on a phone-sized screen: the mentor logs visits and the trainer marks attendance with
the network cut; the forms wait in the phone's outbox, are counted, and arrive exactly once when the
network returns. A form the server refuses shows its reason under "Perlu diperbaiki" and does not hold
back the one queued after it."""

import pytest

from naikkelas.mentoring.models import Visit
from naikkelas.training.models import Attendance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNT = "#outbox-count"


def login(page, live_server, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", "naikkelas")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def fits_the_phone(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_visits_wait_on_the_phone_and_a_refused_one_does_not_block_the_next(
    browser_context, live_server
) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.testing.factories import make_personas
    from naikkelas.testing.mentoring import make_mentee

    mentee = make_mentee(make_personas())

    mentor = browser_context.new_page()
    login(mentor, live_server, "mentor")
    mentor.goto(f"{live_server.url}/pendampingan/kunjungan/baru/{mentee.enterprise.pk}/")
    browser_context.set_offline(True)
    # First a visit the server will refuse (a date in the future), then a good one.
    mentor.fill("#id_visit_date", "2999-01-01")
    mentor.select_option("#id_mode", "visit")
    mentor.fill("#id_topics", "Kunjungan salah tanggal")
    mentor.click("#visit-form button[type=submit]")
    mentor.wait_for_selector(f"{COUNT}:has-text('Tersimpan di ponsel, belum terkirim (1)')")
    mentor.fill("#id_visit_date", "2021-09-01")
    mentor.select_option("#id_mode", "call")
    mentor.fill("#id_topics", "Pembukuan kas harian")
    mentor.click("#visit-form button[type=submit]")
    mentor.wait_for_selector(f"{COUNT}:has-text('Tersimpan di ponsel, belum terkirim (2)')")
    assert mentor.is_visible("#outbox-send") and fits_the_phone(mentor)
    assert not Visit.objects.exists()

    browser_context.set_offline(False)  # the 'online' event sends the queue
    mentor.wait_for_selector("#outbox-fix-list li:has-text('masa depan')")
    mentor.wait_for_selector("#outbox-queue", state="hidden")
    assert list(Visit.objects.values_list("topics", flat=True)) == ["Pembukuan kas harian"]
    assert mentee.enterprise.name in mentor.inner_text("#outbox-fix-list .outbox-refused strong")
    mentor.reload()  # a page load sends what waits: nothing does, the good visit arrived once
    mentor.wait_for_selector("#outbox-fix-list li:has-text('masa depan')")
    assert Visit.objects.count() == 1


def test_attendance_marked_without_signal_arrives_once(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.testing.factories import make_personas
    from naikkelas.training.tests.conftest import DAY1, running_batch

    the_batch, _trainer, _other = running_batch(make_personas())
    trainer = browser_context
    page = trainer.new_page()
    login(page, live_server, "pelatih")
    page.goto(f"{live_server.url}/pelatihan/angkatan/{the_batch.pk}/hadir/{DAY1.isoformat()}/")
    enrolment = the_batch.enrolments.order_by("application__person__name", "id").first()
    trainer.set_offline(True)
    page.click(f"#mark-{enrolment.pk}, #present-{enrolment.pk}")  # a tap: present
    page.wait_for_selector(f"{COUNT}:has-text('Tersimpan di ponsel, belum terkirim (1)')")
    assert not Attendance.objects.exists() and fits_the_phone(page)
    trainer.set_offline(False)
    page.wait_for_selector("#outbox-queue", state="hidden")
    page.reload()
    page.wait_for_selector(
        f"#mark-{enrolment.pk}[aria-pressed=true], #present-{enrolment.pk}[aria-pressed=true]"
    )
    assert Attendance.objects.filter(enrolment=enrolment, date=DAY1, present=True).count() == 1
    assert Attendance.objects.count() == 1


def test_a_visit_sent_as_the_signal_drops_is_kept_by_the_service_worker(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    """The phone still believes it has signal (navigator.onLine is often wrong in the field), so the
    form goes to the network; the service worker sees it fail, keeps it and shows the kept page."""
    from naikkelas.testing.factories import make_personas
    from naikkelas.testing.mentoring import make_mentee

    mentee = make_mentee(make_personas())
    page = browser_context.new_page()
    login(page, live_server, "mentor")
    url = f"{live_server.url}/pendampingan/kunjungan/baru/{mentee.enterprise.pk}/"
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the worker, which keeps the page as it passes
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    browser_context.set_offline(True)
    page.evaluate("Object.defineProperty(Navigator.prototype, 'onLine', {get: () => true})")
    page.fill("#id_visit_date", "2021-09-01")
    page.fill("#id_topics", "Terkirim saat sinyal hilang")
    page.click("#visit-form button[type=submit]")
    page.wait_for_selector(f"{COUNT}:has-text('Tersimpan di ponsel, belum terkirim (1)')")
    assert page.url == url and page.is_visible("#visit-form") and not Visit.objects.exists()
    browser_context.set_offline(False)
    page.wait_for_selector("#outbox-queue", state="hidden")
    assert list(Visit.objects.values_list("topics", flat=True)) == ["Terkirim saat sinyal hilang"]


def test_a_consultation_answer_written_without_signal_arrives_once(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    """The mentor answers a participant's question where there is no signal: the answer waits on the
    phone, is sent when the network returns, and joins the thread once (the participant is told once)."""
    from naikkelas.mentoring.models import ConsultationMessage
    from naikkelas.mentoring.services import consultations
    from naikkelas.notify.models import Message
    from naikkelas.testing.factories import make_personas
    from naikkelas.testing.mentoring import make_mentee

    mentee = make_mentee(make_personas())
    consultation = consultations.consultation_open(
        actor=mentee.personas.participant, enterprise=mentee.enterprise, category="marketing",
        description="Penjualan bandeng presto turun sejak bulan lalu.",
    )  # fmt: skip
    page = browser_context.new_page()
    login(page, live_server, "mentor")
    page.click("main a[href='/pendampingan/konsultasi/']")  # from the home page, as she would
    page.wait_for_load_state()
    page.click(f"a[href='/pendampingan/konsultasi/{consultation.pk}/']")
    page.wait_for_selector("#reply-form")
    browser_context.set_offline(True)
    page.fill("#reply-form textarea", "Coba tawarkan lewat katalog WhatsApp ke pelanggan lama.")
    page.click("#reply-form button[type=submit]")
    page.wait_for_selector(f"{COUNT}:has-text('Tersimpan di ponsel, belum terkirim (1)')")
    assert not ConsultationMessage.objects.exists() and fits_the_phone(page)
    browser_context.set_offline(False)
    page.wait_for_selector("#outbox-queue", state="hidden")
    page.reload()
    page.wait_for_selector("#thread li:has-text('katalog WhatsApp')")
    (answer,) = ConsultationMessage.objects.all()
    assert answer.author == mentee.personas.mentor and "katalog WhatsApp" in answer.body
    assert Message.objects.filter(template="consultation_answered").count() == 1


def test_a_visit_photo_taken_without_signal_waits_on_the_phone_and_arrives_with_the_visit(
    browser_context, live_server
) -> None:  # type: ignore[no-untyped-def]
    """The photo is kept in the phone's outbox with the form (IndexedDB holds the file itself) and sent
    as a multipart form when the signal returns; the visit arrives once, with its photo."""
    from naikkelas.testing.factories import make_personas
    from naikkelas.testing.files import jpeg
    from naikkelas.testing.mentoring import make_mentee

    mentee = make_mentee(make_personas())
    page = browser_context.new_page()
    login(page, live_server, "mentor")
    page.goto(f"{live_server.url}/pendampingan/kunjungan/baru/{mentee.enterprise.pk}/")
    browser_context.set_offline(True)
    page.fill("#id_visit_date", "2021-09-01")
    page.fill("#id_topics", "Etalase baru di pasar")
    page.set_input_files("#id_photo", {"name": "etalase.jpg", "mimeType": "image/jpeg", "buffer": jpeg()})
    page.click("#visit-form button[type=submit]")
    page.wait_for_selector(f"{COUNT}:has-text('Tersimpan di ponsel, belum terkirim (1)')")
    assert not Visit.objects.exists() and fits_the_phone(page)
    browser_context.set_offline(False)
    page.wait_for_selector("#outbox-queue", state="hidden")
    (visit,) = Visit.objects.all()
    assert visit.topics == "Etalase baru di pasar" and visit.photo.name.endswith(".jpg")
    page.goto(f"{live_server.url}/pendampingan/kunjungan/")
    shown = page.request.get(f"{live_server.url}/pendampingan/kunjungan/{visit.pk}/foto/")
    assert page.is_visible(f"#visit-photo-{visit.pk}") and shown.headers["content-type"] == "image/jpeg"
    page.screenshot(path="/tmp/shots/field/visit-list-photo.png", full_page=True)
