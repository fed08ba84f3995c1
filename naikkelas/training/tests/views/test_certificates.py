"""Certificate pages: the office's style page, the public verification, PDFs and the zip, the access
log, and issuing in the background."""

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from naikkelas.testing import files
from naikkelas.testing.pdf import pdf_text
from naikkelas.training.models import Certificate, CertificateStyle
from naikkelas.training.services import certificates
from naikkelas.training.tests.conftest import graduate_all

pytestmark = pytest.mark.django_db


def test_the_office_admin_sets_logo_and_signatory_on_a_page_others_cannot_open(running, personas) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = running
    admin = Client()
    admin.force_login(personas.semarang_admin)
    page = admin.get("/pelatihan/sertifikat/tampilan/")
    assert page.status_code == 200 and the_batch.organiser.name in page.text
    saved = admin.post("/pelatihan/sertifikat/tampilan/", {
        "kantor": the_batch.organiser_id, "signatory_name": "Sri Wahyuni", "signatory_title": "Kepala Dinas",
        "logo": SimpleUploadedFile("logo.jpg", files.jpeg()),
    })  # fmt: skip
    assert saved.status_code == 302
    style = CertificateStyle.objects.get()
    assert style.logo and style.signatory_title == "Kepala Dinas"
    assert admin.get(f"/pelatihan/sertifikat/tampilan/{the_batch.organiser_id}/logo/").status_code == 200
    graduate_all(the_batch, trainer)
    certificates.certificates_issue(actor=None, batch=the_batch)
    assert pdf_text(certificates.certificate_pdf(Certificate.objects.first())).count("Sri Wahyuni") == 1  # type: ignore[arg-type]
    kudus = Client()
    kudus.force_login(personas.kudus_admin)
    other_office = kudus.get(f"/pelatihan/sertifikat/tampilan/?kantor={the_batch.organiser_id}")
    assert other_office.status_code == 404  # not his office
    assert kudus.get(f"/pelatihan/sertifikat/tampilan/{the_batch.organiser_id}/logo/").status_code == 404
    viewer = Client()
    viewer.force_login(trainer)
    assert viewer.get("/pelatihan/sertifikat/tampilan/").status_code == 403  # trainers do not set it


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


def test_issuing_runs_in_the_background_with_a_progress_page(
    running: Any,
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
