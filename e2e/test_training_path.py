"""Training in a real browser on a phone-sized screen: a trainer marks a day, a participant submits a
photo assignment, the trainer grades it, the certificate PDF downloads and its QR page verifies it."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from naikkelas.training.models import Certificate, Submission
from naikkelas.training.services import attendance, certificates, graduation, schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username: str, password: str = "naikkelas") -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_mark_submit_grade_certify_verify(browser_context, live_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.testing.factories import make_personas
    from naikkelas.training.tests.conftest import running_batch

    the_batch, trainer, _other = running_batch(make_personas())
    schedule.schedule_create(actor=None, batch=the_batch)
    from naikkelas.training.services import assignments

    assignments.assignments_create_default(actor=None, batch=the_batch)
    participant = the_batch.enrolments.order_by("id").first().application.person.user
    participant.set_password("naikkelas")
    participant.save()

    # The trainer marks the first day: everyone present, then one exception.
    trainer_page = browser_context.new_page()
    login(trainer_page, live_server, "pelatih")
    trainer_page.goto(f"{live_server.url}{reverse('training:attendance', args=[the_batch.pk, '2021-05-10'])}")
    trainer_page.click("#all-present")
    trainer_page.click("#all-present-confirm")
    trainer_page.wait_for_selector("text=3 dari 3 hadir")
    trainer_page.click("#attendance li >> nth=2 >> button.mark-absent")
    trainer_page.wait_for_selector("text=2 dari 3 hadir")
    assert trainer_page.evaluate("document.documentElement.scrollWidth") <= 360

    # The participant submits a photo from the phone.
    photo = tmp_path / "produk.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (2400, 1800), (180, 90, 30)).save(buffer, format="JPEG")
    photo.write_bytes(buffer.getvalue())
    participant_page = browser_context.browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    login(participant_page, live_server, participant.username)
    participant_page.goto(f"{live_server.url}{reverse('training:mine')}")
    participant_page.click("text=Foto produk")
    participant_page.set_input_files("#files", str(photo))
    participant_page.click("#submit-form button[type=submit]")
    participant_page.wait_for_selector("text=Tugas terkirim")
    submission = Submission.objects.get()

    # The trainer grades it.
    trainer_page.goto(f"{live_server.url}{reverse('training:submission', args=[submission.pk])}")
    trainer_page.select_option("#id_status", "pass")
    trainer_page.fill("#id_score", "90")
    trainer_page.fill("#id_feedback", "Foto jelas.")
    trainer_page.click("#grade")
    trainer_page.wait_for_selector("text=Nilai tersimpan")
    submission.refresh_from_db()
    assert submission.status == "pass" and submission.score == 90

    # The other assignments are graded too (through the service), then graduation and the certificate:
    # download it, then open the page its QR code points to.
    for task in the_batch.assignments.exclude(pk=submission.assignment_id):
        done = assignments.submission_save(
            actor=participant, assignment=task, text="Sudah", uploads=[assignments.Upload("a.jpg", buffer.getvalue())],
            figures={field["key"]: "10000" for field in task.figure_fields},
        )  # fmt: skip
        assignments.submission_grade(actor=trainer, submission=done, status="pass", score=80, feedback="")
    for day in schedule.batch_days(the_batch)[1:]:
        attendance.attendance_all_present(actor=trainer, batch=the_batch, day=day)
    graduation.graduation_confirm(actor=trainer, batch=the_batch)
    certificates.certificates_issue(actor=None, batch=the_batch)
    certificate = Certificate.objects.get(enrolment__application__person__user=participant)
    participant_page.goto(f"{live_server.url}{reverse('training:mine')}")
    with participant_page.expect_download() as download:
        participant_page.click("#my-certificate")
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF-")
    public = browser_context.browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    public.goto(f"{live_server.url}{reverse('verify', args=[certificate.code])}")
    assert "asli dan berlaku" in public.inner_text("#verdict")
    assert participant.person.nik not in public.content()
