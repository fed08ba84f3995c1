"""Assignment pages: submitting (files checked on the page: no pixel floods, no disguised or active
PDFs, one size message), revising and grading, the grid, and who sees which file."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import ImageFile

from naikkelas.testing import files
from naikkelas.training.models import Submission, SubmissionFile
from naikkelas.training.services import assignments
from naikkelas.training.tests.conftest import EXECUTABLE, jpeg, participant

pytestmark = pytest.mark.django_db


def _submit(the_batch, upload: SimpleUploadedFile):  # type: ignore[no-untyped-def]
    task = the_batch.assignments.get(title="Buku kas satu minggu")
    client = Client()
    client.force_login(participant(the_batch))
    return client.post(reverse("training:assignment_submit", args=[task.pk]), {"files": [upload]})


def test_disguised_upload_is_refused_and_nothing_is_stored(with_tasks) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other = with_tasks
    photo_task = the_batch.assignments.get(title="Foto produk")
    client = Client()
    client.force_login(participant(the_batch))
    response = client.post(
        reverse("training:assignment_submit", args=[photo_task.pk]),
        {"files": [SimpleUploadedFile("foto.jpg", EXECUTABLE, content_type="image/jpeg")]},
    )
    assert response.status_code == 200
    assert "bukan foto" in response.content.decode()
    assert not Submission.objects.exists() and not SubmissionFile.objects.exists()


def test_photo_submission_then_revise_reopens_it_then_pass(with_tasks) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = with_tasks
    photo_task = the_batch.assignments.get(title="Foto produk")
    client = Client()
    client.force_login(participant(the_batch))
    url = reverse("training:assignment_submit", args=[photo_task.pk])
    assert (
        client.post(
            url, {"files": [SimpleUploadedFile("produk.jpg", jpeg(), content_type="image/jpeg")]}
        ).status_code
        == 302
    )
    submission = Submission.objects.get()
    stored = submission.files.get()
    assert stored.content_type == "image/jpeg" and stored.size < len(jpeg())
    assignments.submission_grade(
        actor=trainer, submission=submission, status="revise", score=None, feedback="Cahaya kurang"
    )
    assert client.post(url, {"files": [SimpleUploadedFile("produk2.jpg", jpeg(800, 600))]}).status_code == 302
    submission.refresh_from_db()
    assert submission.status == "submitted" and submission.files.count() == 2
    assignments.submission_grade(
        actor=trainer, submission=submission, status="pass", score=85, feedback="Bagus"
    )
    with pytest.raises(ValidationError, match="sudah dinilai"):
        assignments.submission_save(
            actor=participant(the_batch), assignment=photo_task, text="", figures={}, uploads=[]
        )


def test_a_participant_cannot_see_anothers_submission_or_file(with_tasks) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, other_trainer = with_tasks
    photo_task = the_batch.assignments.get(title="Foto produk")
    submission = assignments.submission_save(
        actor=participant(the_batch, 0), assignment=photo_task, text="", figures={},
        uploads=[assignments.Upload("a.jpg", jpeg(100, 100))],
    )  # fmt: skip
    stored = submission.files.get()
    other = Client()
    other.force_login(participant(the_batch, 1))
    assert other.get(reverse("training:submission", args=[submission.pk])).status_code == 404
    assert other.get(reverse("training:submission_file", args=[stored.pk])).status_code == 404
    owner = Client()
    owner.force_login(participant(the_batch, 0))
    assert owner.get(reverse("training:submission_file", args=[stored.pk])).status_code == 200
    grader = Client()
    grader.force_login(trainer)
    assert (
        grader.post(
            reverse("training:submission", args=[submission.pk]),
            {"status": "pass", "score": "90", "feedback": ""},
        ).status_code
        == 302
    )
    outsider = Client()
    outsider.force_login(other_trainer)
    assert outsider.get(reverse("training:submission", args=[submission.pk])).status_code == 404


def test_grid_shows_who_submitted_what(with_tasks) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = with_tasks
    hpp = the_batch.assignments.get(title="HPP dan harga jual")
    assignments.submission_save(actor=participant(the_batch), assignment=hpp, text="x",
                                figures={"cost_per_unit": "1", "selling_price": "2"}, uploads=[])  # fmt: skip
    client = Client()
    client.force_login(trainer)
    response = client.get(reverse("training:grid", args=[the_batch.pk]))
    assert response.status_code == 200
    tasks = list(response.context["tasks"])
    filled = [
        (row["enrolment"], tasks[i], cell)
        for row in response.context["rows"]
        for i, cell in enumerate(row["cells"])
        if cell is not None
    ]
    # One cell: the first participant's answer to the HPP task, in its column, still to be graded.
    assert [(e.application.person.user, task, cell.status) for e, task, cell in filled] == [
        (participant(the_batch), hpp, "submitted")
    ]
    assert len(response.context["rows"]) == the_batch.enrolments.count()


def test_an_oversize_upload_is_refused_on_the_page_and_nothing_is_stored(with_tasks) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other = with_tasks
    photo_task = the_batch.assignments.get(title="Foto produk")
    client = Client()
    client.force_login(participant(the_batch))
    too_big = b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024 + 10)
    response = client.post(
        reverse("training:assignment_submit", args=[photo_task.pk]),
        {"files": [SimpleUploadedFile("katalog.pdf", too_big, content_type="application/pdf")]},
    )
    assert response.status_code == 200
    assert "terlalu besar" in response.content.decode()
    assert not Submission.objects.exists() and not SubmissionFile.objects.exists()


def test_the_trainer_reads_figures_under_their_labels(with_tasks) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = with_tasks
    hpp = the_batch.assignments.get(title="HPP dan harga jual")
    saved = assignments.submission_save(actor=participant(the_batch), assignment=hpp, text="x",
                                        figures={"cost_per_unit": "12500", "selling_price": "20000"}, uploads=[])  # fmt: skip
    client = Client()
    client.force_login(trainer)
    body = client.get(reverse("training:submission", args=[saved.pk])).content.decode()
    assert "Biaya per unit (Rp)" in body and "12.500" in body
    assert "cost_per_unit" not in body


def test_the_submission_shows_the_work_inline_and_grading_goes_to_the_next_ungraded(with_tasks) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.testing.files import plain_pdf

    the_batch, trainer, _other = with_tasks
    task = the_batch.assignments.get(title="Foto produk")
    first = assignments.submission_save(
        actor=participant(the_batch, 0), assignment=task, text="Foto etalase", figures={},
        uploads=[assignments.Upload("etalase.jpg", jpeg(800, 600)), assignments.Upload("nota.pdf", plain_pdf())],
    )  # fmt: skip
    second = assignments.submission_save(
        actor=participant(the_batch, 1), assignment=task, text="Foto kemasan", figures={},
        uploads=[assignments.Upload("kemasan.jpg", jpeg(800, 600))],
    )  # fmt: skip
    client = Client()
    client.force_login(trainer)
    url = reverse("training:submission", args=[first.pk])
    body = client.get(url).content.decode()
    photo, pdf = first.files.order_by("id")
    assert f'<img src="{reverse("training:submission_file", args=[photo.pk])}"' in body
    assert f'<iframe src="{reverse("training:submission_file", args=[pdf.pk])}?lihat=1"' in body
    assert "Foto etalase" in body
    assert f'id="next-ungraded" href="{reverse("training:submission", args=[second.pk])}"' in body
    framed = client.get(reverse("training:submission_file", args=[pdf.pk]), {"lihat": "1"})
    assert framed["Content-Disposition"].startswith("inline") and framed["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in framed["Content-Security-Policy"]
    graded = client.post(url, {"status": "pass", "score": "85", "feedback": "Jelas"})
    assert graded["Location"] == reverse("training:submission", args=[second.pk])
    first.refresh_from_db()
    assert (first.status, first.score) == ("pass", 85)
    last = client.post(
        reverse("training:submission", args=[second.pk]), {"status": "revise", "feedback": "Ulang"}
    )
    assert last["Location"] == reverse("training:grid", args=[the_batch.pk])  # nothing left to grade


def test_grid_cells_name_the_business_and_are_links(with_tasks) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = with_tasks
    task = the_batch.assignments.get(title="Foto produk")
    saved = assignments.submission_save(actor=participant(the_batch, 0), assignment=task, text="x", figures={},
                                        uploads=[assignments.Upload("a.jpg", jpeg(50, 50))])  # fmt: skip
    client = Client()
    client.force_login(trainer)
    body = client.get(reverse("training:grid", args=[the_batch.pk])).content.decode()
    assert f'aria-label="Foto produk: {saved.get_status_display()}"' in body
    assert the_batch.enrolments.order_by("id")[0].application.enterprise.name in body


def test_a_pixel_flood_is_refused_on_the_page_without_decoding(with_tasks) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other = with_tasks
    flood = SimpleUploadedFile("flood8900.png", files.flood_png(8900, 8900), content_type="image/png")
    with mock.patch.object(ImageFile.ImageFile, "load", side_effect=AssertionError("decoded")):
        response = _submit(the_batch, flood)
    assert response.status_code == 200
    assert (
        "flood8900.png terlalu besar: 8900 × 8900 piksel; foto PNG atau WebP paling besar 10 megapiksel (JPEG sampai 40 megapiksel)."
        in response.text
    )
    assert not Submission.objects.exists() and not SubmissionFile.objects.exists()


def test_a_pdf_with_javascript_is_refused(with_tasks) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other = with_tasks
    js = files.pdf_with(b"/OpenAction 4 0 R", b"<< /S /JavaScript /JS (app.alert(1)) >>")
    response = _submit(the_batch, SimpleUploadedFile("js.pdf", js, content_type="application/pdf"))
    assert response.status_code == 200
    assert "js.pdf berisi JavaScript, tindakan otomatis; PDF seperti itu tidak diterima." in response.text
    assert not SubmissionFile.objects.exists()


def test_an_html_page_behind_a_pdf_header_is_refused(with_tasks) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other = with_tasks
    html = b"%PDF-1.4\n<html><script>alert(1)</script></html>"
    response = _submit(the_batch, SimpleUploadedFile("laporan.html", html, content_type="text/html"))
    assert "laporan.html bukan PDF yang utuh" in response.text
    assert not SubmissionFile.objects.exists()


def test_the_size_message_names_the_real_size_and_the_limit_the_form_shows(with_tasks) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other = with_tasks
    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.7\n" + b"0" * (6 * 2**20), content_type="application/pdf")
    response = _submit(the_batch, big)
    assert "besar.pdf terlalu besar (6 MB); paling besar 5 MB." in response.text
    assert response.context["max_mb"] == 5
    assert not SubmissionFile.objects.exists()


def test_files_are_served_under_their_own_name_a_pdf_as_an_attachment(with_tasks) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = with_tasks
    task = the_batch.assignments.get(title="Buku kas satu minggu")
    submission = assignments.submission_save(
        actor=participant(the_batch), assignment=task, text="", figures={},
        uploads=[assignments.Upload("laporan.html", files.plain_pdf()), assignments.Upload("../x.jpg", files.jpeg())],
    )  # fmt: skip
    pdf, photo = submission.files.order_by("id")
    assert (pdf.original_name, photo.original_name) == ("laporan.html", "x.jpg")
    grader = Client()
    grader.force_login(trainer)
    served = grader.get(reverse("training:submission_file", args=[pdf.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"] == f'attachment; filename="tugas-{submission.pk}-{pdf.pk}.pdf"'
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == files.plain_pdf()  # type: ignore[attr-defined]
    image = grader.get(reverse("training:submission_file", args=[photo.pk]))
    assert image["Content-Type"] == "image/jpeg"
    assert image["Content-Disposition"] == f'inline; filename="tugas-{submission.pk}-{photo.pk}.jpg"'
    assert image["X-Content-Type-Options"] == "nosniff"


def test_a_written_assignment_opens_empty_before_the_first_answer_then_keeps_it(with_tasks) -> None:  # type: ignore[no-untyped-def]
    """Opening a written task with no answer yet was a server error (the form asked the missing
    submission for its text)."""
    the_batch, _trainer, _other = with_tasks
    task = the_batch.assignments.get(title="Rencana tindak lanjut")
    client = Client()
    client.force_login(participant(the_batch))
    url = reverse("training:assignment_submit", args=[task.pk])
    first = client.get(url)
    assert first.status_code == 200 and '<textarea id="text" name="text" rows="5"></textarea>' in first.text
    assert client.post(url, {"text": "Ikut pameran & buka toko daring."}).status_code == 302
    again = client.get(url)
    assert (
        '<textarea id="text" name="text" rows="5">Ikut pameran &amp; buka toko daring.</textarea>'
        in again.text
    )
