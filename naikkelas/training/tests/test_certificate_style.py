"""Certificates look official: one number format at every level, the office's logo and signatory, dates
in words."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from naikkelas.accounts.models import Organisation
from naikkelas.testing import files
from naikkelas.testing.pdf import pdf_text
from naikkelas.training import certificates, services
from naikkelas.training.models import Certificate, CertificateStyle
from naikkelas.training.tests.test_attendance import running  # noqa: F401 - the shared fixture

pytestmark = pytest.mark.django_db


def graduate_all(the_batch, trainer) -> None:  # type: ignore[no-untyped-def]
    for enrolment in the_batch.enrolments.all():
        for day in services.batch_days(the_batch):
            services.attendance_mark(actor=trainer, enrolment=enrolment, day=day, present=True)
    services.graduation_confirm(actor=trainer, batch=the_batch)


def test_numbers_have_one_format_and_the_office_s_signatory(running, personas) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    the_batch, trainer, _other = running
    office = the_batch.organiser
    certificates.certificate_style_save(
        actor=personas.semarang_admin, organisation=office, signatory_name="Dra. Sri Wahyuni, M.Si.",
        signatory_title="Kepala Dinas Koperasi dan UKM Kota Semarang", signatory_id="196805121993032004",
    )  # fmt: skip
    graduate_all(the_batch, trainer)
    assert certificates.certificates_issue(actor=None, batch=the_batch) == 3
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    year = the_batch.level.program.year
    assert numbers == [f"NK/{year}/J1/3374/{the_batch.pk:04d}/{n:04d}" for n in (1, 2, 3)]
    certificate = Certificate.objects.order_by("number").first()
    assert certificate is not None and certificate.signatory == "Dra. Sri Wahyuni, M.Si."
    text = pdf_text(certificates.certificate_pdf(certificate))
    assert "Dra. Sri Wahyuni, M.Si." in text and "Kepala Dinas Koperasi dan UKM Kota Semarang" in text
    assert "10 Mei 2021" in text and "14 Mei 2021" in text  # dates in words


def test_a_province_batch_number_pads_its_region_to_four_digits(running) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    the_batch, _trainer, _other = running
    province = Organisation.objects.get(name="Balatkop Jateng")
    the_batch.organiser = province
    assert certificates.certificate_number(the_batch, 7) == (
        f"NK/{the_batch.level.program.year}/J1/3300/{the_batch.pk:04d}/0007"
    )


def test_without_a_style_the_head_of_the_office_signs(running) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    the_batch, trainer, _other = running
    graduate_all(the_batch, trainer)
    certificates.certificates_issue(actor=None, batch=the_batch)
    assert set(Certificate.objects.values_list("signatory", flat=True)) == {
        f"Kepala {the_batch.organiser.name}"
    }


def test_the_style_needs_a_name_and_title_and_a_real_picture_as_logo(running, personas) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    the_batch, _trainer, _other = running
    with pytest.raises(ValidationError, match="Tulis nama penanda tangan"):
        certificates.certificate_style_save(actor=personas.semarang_admin, organisation=the_batch.organiser,
                                            signatory_name=" ", signatory_title="Kepala")  # fmt: skip
    with pytest.raises(ValidationError, match="adalah PDF"):
        certificates.certificate_style_save(
            actor=personas.semarang_admin, organisation=the_batch.organiser, signatory_name="Sri",
            signatory_title="Kepala", logo=SimpleUploadedFile("logo.pdf", files.plain_pdf()),
        )  # fmt: skip
    assert not CertificateStyle.objects.exists()


def test_verification_says_dates_in_words_in_the_reader_s_language(running) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    the_batch, trainer, _other = running
    graduate_all(the_batch, trainer)
    certificates.certificates_issue(actor=None, batch=the_batch)
    code = Certificate.objects.first().code  # type: ignore[union-attr]
    with translation.override("id"):
        assert certificates.certificate_verify(code).start_date == "10 Mei 2021"
    with translation.override("en"):
        assert certificates.certificate_verify(code).end_date == "14 May 2021"


def test_the_office_admin_sets_logo_and_signatory_on_a_page_others_cannot_open(running, personas) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
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
