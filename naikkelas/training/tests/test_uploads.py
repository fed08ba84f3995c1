"""Assignment uploads through the page: pixel floods, active PDFs, sizes, and how files are served back."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import ImageFile

from naikkelas.testing import files
from naikkelas.training import assignments
from naikkelas.training.models import Submission, SubmissionFile
from naikkelas.training.tests.test_assignments import participant, with_tasks  # noqa: F401 - shared fixtures
from naikkelas.training.tests.test_attendance import running  # noqa: F401 - the shared fixture

pytestmark = pytest.mark.django_db


def _submit(the_batch, upload: SimpleUploadedFile):  # type: ignore[no-untyped-def]
    task = the_batch.assignments.get(title="Buku kas satu minggu")
    client = Client()
    client.force_login(participant(the_batch))
    return client.post(reverse("training:assignment_submit", args=[task.pk]), {"files": [upload]})


def test_a_pixel_flood_is_refused_on_the_page_without_decoding(with_tasks) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
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


def test_a_pdf_with_javascript_is_refused(with_tasks) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    the_batch, _trainer, _other = with_tasks
    js = files.pdf_with(b"/OpenAction 4 0 R", b"<< /S /JavaScript /JS (app.alert(1)) >>")
    response = _submit(the_batch, SimpleUploadedFile("js.pdf", js, content_type="application/pdf"))
    assert response.status_code == 200
    assert "js.pdf berisi JavaScript, tindakan otomatis; PDF seperti itu tidak diterima." in response.text
    assert not SubmissionFile.objects.exists()


def test_an_html_page_behind_a_pdf_header_is_refused(with_tasks) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    the_batch, _trainer, _other = with_tasks
    html = b"%PDF-1.4\n<html><script>alert(1)</script></html>"
    response = _submit(the_batch, SimpleUploadedFile("laporan.html", html, content_type="text/html"))
    assert "laporan.html bukan PDF yang utuh" in response.text
    assert not SubmissionFile.objects.exists()


def test_the_size_message_names_the_real_size_and_the_limit_the_form_shows(with_tasks) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    the_batch, _trainer, _other = with_tasks
    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.7\n" + b"0" * (6 * 2**20), content_type="application/pdf")
    response = _submit(the_batch, big)
    assert "besar.pdf terlalu besar (6 MB); paling besar 5 MB." in response.text
    assert response.context["max_mb"] == 5
    assert not SubmissionFile.objects.exists()


def test_files_are_served_under_their_own_name_a_pdf_as_an_attachment(with_tasks) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
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
