import io
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.training import certificates, services
from naikkelas.training.models import Certificate
from naikkelas.training.tests.test_attendance import running  # noqa: F401 - the shared fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified(running):  # type: ignore[no-untyped-def]  # noqa: F811
    """Two graduates with certificates; the third attended too little."""
    the_batch, trainer, other = running
    enrolments = list(the_batch.enrolments.order_by("id"))
    for index, enrolment in enumerate(enrolments):
        for day in services.batch_days(the_batch)[: 5 if index < 2 else 2]:
            services.attendance_mark(actor=trainer, enrolment=enrolment, day=day, present=True)
    assert services.graduation_confirm(actor=trainer, batch=the_batch) == 2
    assert certificates.certificates_issue(actor=None, batch=the_batch) == 2
    assert certificates.certificates_issue(actor=None, batch=the_batch) == 0
    return the_batch, trainer, other, enrolments


def test_valid_unknown_and_revoked_codes(certified) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other, enrolments = certified
    certificate = Certificate.objects.get(enrolment=enrolments[0])
    assert certificates.certificate_verify(certificate.code).status == "valid"
    assert certificates.certificate_verify("TIDAKADA").status == "unknown"
    certificates.certificate_revoke(actor=None, certificate=certificate, reason="Data usaha tidak benar")
    revoked = certificates.certificate_verify(certificate.code.lower())
    assert revoked.status == "revoked" and revoked.revoked_reason == "Data usaha tidak benar"


def test_verify_page_and_endpoint_never_show_the_nik(certified) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other, enrolments = certified
    certificate = Certificate.objects.get(enrolment=enrolments[0])
    person = enrolments[0].application.person
    page = Client().get(reverse("verify", args=[certificate.code]))
    body = page.content.decode()
    assert page.status_code == 200 and person.name in body and "asli dan berlaku" in body
    assert person.nik not in body and person.nik[:4] + "*" not in body
    api = Client().get(f"/api/v1/certificates/verify/{certificate.code}")
    assert api.status_code == 200 and api.json()["status"] == "valid"
    assert person.nik not in api.content.decode() and "nik" not in api.json()
    unknown = Client().get(reverse("verify", args=["XXXXXXXXXX"]))
    assert unknown.status_code == 404 and "tidak dikenal" in unknown.content.decode()


def test_pdf_zip_and_access(certified) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, other_trainer, enrolments = certified
    certificate = Certificate.objects.get(enrolment=enrolments[0])
    pdf = certificates.certificate_pdf(certificate)
    assert pdf.startswith(b"%PDF-") and b"/Image" in pdf
    owner = Client()
    owner.force_login(enrolments[0].application.person.user)
    download = owner.get(reverse("training:certificate_pdf", args=[certificate.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    stranger = Client()
    stranger.force_login(enrolments[1].application.person.user)
    assert stranger.get(reverse("training:certificate_pdf", args=[certificate.pk])).status_code == 404
    staff = Client()
    staff.force_login(trainer)
    archive = zipfile.ZipFile(
        io.BytesIO(staff.get(reverse("training:certificates", args=[the_batch.pk]), {"zip": "1"}).content)
    )
    assert sorted(archive.namelist()) == sorted(
        f"{c.number.replace('/', '-')}.pdf" for c in Certificate.objects.filter(enrolment__batch=the_batch)
    )


def test_certificate_downloads_by_staff_are_in_the_access_log(certified) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.core.models import AccessLog

    the_batch, trainer, _other, enrolments = certified
    certificate = Certificate.objects.get(enrolment=enrolments[0])
    owner = Client()
    owner.force_login(enrolments[0].application.person.user)
    owner.get(reverse("training:certificate_pdf", args=[certificate.pk]))
    assert not AccessLog.objects.exists()  # one's own certificate
    staff = Client()
    staff.force_login(trainer)
    staff.get(reverse("training:certificate_pdf", args=[certificate.pk]))
    staff.get(reverse("training:certificates", args=[the_batch.pk]), {"zip": "1"})
    logs = list(AccessLog.objects.order_by("id").values_list("what", "person_ids"))
    holders = sorted(e.application.person_id for e in enrolments[:2])
    assert logs == [("certificate_pdf", [enrolments[0].application.person_id]), ("certificates_zip", holders)]


def test_certificate_text_is_drawn_as_written_never_as_markup(certified) -> None:  # type: ignore[no-untyped-def]
    """The certificate draws strings on a canvas (no markup parser); names with tags stay literal."""
    from naikkelas.testing.pdf import pdf_link_targets, pdf_text

    the_batch, _trainer, _other, enrolments = certified
    person = enrolments[0].application.person
    person.name = 'Sri <b>Wahyuni</b> & <a href="javascript:x()">Putri</a>'
    person.save(update_fields=["name"])
    the_batch.title = "Kopi & Teh <Lanjutan>"
    the_batch.save(update_fields=["title"])
    certificate = Certificate.objects.get(enrolment=enrolments[0])
    content = certificates.certificate_pdf(certificate)
    text = pdf_text(content)
    assert person.name in text
    assert "Kopi & Teh <Lanjutan>, " in text
    assert pdf_link_targets(content) == []


def test_issuing_runs_in_the_background_with_a_progress_page(
    running: Any,  # noqa: F811
    personas: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from naikkelas.core.models import AuditEvent

    the_batch, trainer, _other = running
    the_batch.enrolments.update(graduated=True)
    admin = Client()
    admin.force_login(personas.semarang_admin)
    url = reverse("training:certificates", args=[the_batch.pk])
    progress = reverse("training:certificates_progress", args=[the_batch.pk])
    waiting = admin.get(progress).content.decode()
    assert (
        '<meta http-equiv="refresh" content="2">' in waiting
        and "0 dari 3 lulusan sudah bersertifikat." in waiting
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url)
    assert response["Location"] == progress
    assert Certificate.objects.filter(enrolment__batch=the_batch).count() == 3
    done = admin.get(progress).content.decode()
    assert "http-equiv" not in done and "3 dari 3 lulusan sudah bersertifikat." in done
    assert sorted(Certificate.objects.values_list("number", flat=True))[-1].endswith("/0003")
    assert AuditEvent.objects.filter(object_type="programs.batch", changes__certificates_issued=3).exists()
    as_trainer = Client()
    as_trainer.force_login(trainer)
    assert as_trainer.post(url).status_code == 403 and as_trainer.get(progress).status_code == 403


def test_issuing_in_chunks_numbers_every_certificate_once(running) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    the_batch, _trainer, _other = running
    the_batch.enrolments.update(graduated=True)
    assert certificates.certificates_issue(actor=None, batch=the_batch, chunk=2) == 3
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert [n.rsplit("/", 1)[1] for n in numbers] == ["0001", "0002", "0003"]
    assert certificates.certificates_progress(the_batch) == (3, 3)


def test_the_api_issues_in_the_background_and_reports_progress(
    running: Any,  # noqa: F811
    personas: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from naikkelas.accounts.services.tokens import api_token_create

    the_batch, trainer, _other = running
    admin = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.semarang_admin)}"})
    refused = admin.post(f"/api/v1/batches/{the_batch.pk}/certificates/issue")
    assert refused.status_code == 422 and "Belum ada lulusan" in refused.content.decode()
    the_batch.enrolments.update(graduated=True)
    with django_capture_on_commit_callbacks(execute=True):
        queued = admin.post(f"/api/v1/batches/{the_batch.pk}/certificates/issue")
    assert queued.status_code == 202
    assert admin.get(f"/api/v1/batches/{the_batch.pk}/certificates/progress").json() == {
        "issued": 3,
        "graduates": 3,
        "done": True,
    }
    as_trainer = Client(headers={"Authorization": f"Bearer {api_token_create(user=trainer)}"})
    assert as_trainer.post(f"/api/v1/batches/{the_batch.pk}/certificates/issue").status_code == 403
