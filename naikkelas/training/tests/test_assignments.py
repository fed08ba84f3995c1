import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from naikkelas.core.uploads import MAX_SIDE, UploadError, check_upload, sniff
from naikkelas.training import assignments
from naikkelas.training.models import Submission, SubmissionFile
from naikkelas.training.tests.test_attendance import running  # noqa: F401 - the shared fixture

pytestmark = pytest.mark.django_db


def jpeg(width: int = 3000, height: int = 2000) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


EXECUTABLE = b"MZ\x90\x00" + b"\x00" * 200  # a Windows program, whatever its name says


def test_sniffing_reads_the_bytes_not_the_name() -> None:
    assert sniff(jpeg(10, 10)[:16]) == "image/jpeg"
    assert sniff(b"%PDF-1.7\n") == "application/pdf"
    assert sniff(EXECUTABLE[:16]) is None
    with pytest.raises(UploadError, match="bukan foto"):
        check_upload(EXECUTABLE, "foto-produk.jpg")


def test_photos_are_downscaled_and_oversize_files_refused() -> None:
    checked = check_upload(jpeg(), "besar.jpg")
    with Image.open(io.BytesIO(checked.content)) as image:
        assert max(image.size) == MAX_SIDE
    with pytest.raises(UploadError, match="terlalu besar"):
        check_upload(b"%PDF-" + b"0" * 100, "buku-kas.pdf", max_bytes=50)


@pytest.fixture
def with_tasks(running):  # type: ignore[no-untyped-def]  # noqa: F811
    the_batch, trainer, other_trainer = running
    assert assignments.assignments_create_default(actor=None, batch=the_batch) == 6
    return the_batch, trainer, other_trainer


def participant(the_batch, index: int = 0):  # type: ignore[no-untyped-def]
    return the_batch.enrolments.order_by("id")[index].application.person.user


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


def test_figures_are_stored_as_numbers(with_tasks) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other = with_tasks
    hpp = the_batch.assignments.get(title="HPP dan harga jual")
    with pytest.raises(ValidationError, match=r"'dua\ ribu'\ bukan\ jumlah\ rupiah;\ tulis\ angka") as caught:
        assignments.submission_save(actor=participant(the_batch), assignment=hpp, text="HPP",
                                    figures={"cost_per_unit": "dua ribu", "selling_price": ""}, uploads=[])  # fmt: skip
    assert set(caught.value.message_dict) == {"cost_per_unit", "selling_price"}
    saved = assignments.submission_save(actor=participant(the_batch), assignment=hpp, text="Bahan dan tenaga",
                                        figures={"cost_per_unit": "12.500", "selling_price": "Rp 20.000"}, uploads=[])  # fmt: skip
    assert saved.figures == {"cost_per_unit": 12_500, "selling_price": 20_000}


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


def test_assignments_submissions_and_grades_through_the_api(with_tasks, personas) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.accounts.services.tokens import api_token_create

    the_batch, trainer, other_trainer = with_tasks
    hpp = the_batch.assignments.get(title="HPP dan harga jual")
    owner = Client(headers={"Authorization": f"Bearer {api_token_create(user=participant(the_batch))}"})
    assert owner.get("/api/v1/assignments", {"batch": str(the_batch.pk)}).json()["count"] == 6
    saved = owner.post(
        f"/api/v1/assignments/{hpp.pk}/submission", {"text": "HPP", "figures": {"cost_per_unit": "12500", "selling_price": "20000"}},
        content_type="application/json",
    )  # fmt: skip
    assert saved.status_code == 200 and saved.json()["figures"] == {
        "cost_per_unit": 12500,
        "selling_price": 20000,
    }
    submission_id = saved.json()["id"]
    second = Client(headers={"Authorization": f"Bearer {api_token_create(user=participant(the_batch, 1))}"})
    assert second.get("/api/v1/submissions").json()["count"] == 0
    grader = Client(headers={"Authorization": f"Bearer {api_token_create(user=trainer)}"})
    graded = grader.post(
        f"/api/v1/submissions/{submission_id}/grade",
        {"status": "pass", "score": 88},
        content_type="application/json",
    )
    assert graded.json()["status"] == "pass"
    outsider = Client(headers={"Authorization": f"Bearer {api_token_create(user=other_trainer)}"})
    assert (
        outsider.post(
            f"/api/v1/submissions/{submission_id}/grade", {"status": "fail"}, content_type="application/json"
        ).status_code
        == 404
    )
    preview = grader.get(f"/api/v1/batches/{the_batch.pk}/graduation").json()
    assert len(preview) == 3 and preview[0]["criteria"][0]["rule"] == "attendance"
    assert (
        grader.post(f"/api/v1/batches/{the_batch.pk}/graduation").status_code == 403
    )  # trainers mark, admins confirm
    admin = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.semarang_admin)}"})
    assert admin.post(f"/api/v1/batches/{the_batch.pk}/graduation").json() == {"marked": 0}


def test_a_batch_copies_its_levels_assignment_templates_as_edited(running) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    the_batch, _trainer, _other = running
    assert assignments.assignment_templates_ensure(level=the_batch.level) == 6
    template = the_batch.level.assignment_templates.get(title="Foto produk")
    template.title = "Foto produk dan kemasan"
    template.due_after_days = 1
    template.save()
    assignments.assignments_create_default(actor=None, batch=the_batch)
    copied = the_batch.assignments.get(title="Foto produk dan kemasan")
    assert copied.due_on.isoformat() == "2021-05-11"


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
