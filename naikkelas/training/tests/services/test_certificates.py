"""Certificate services: numbers and signatories, the style's rules, verification in the reader's
language, valid/unknown/revoked codes, text drawn as written, issuing in chunks."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from naikkelas.accounts.models import Organisation
from naikkelas.testing import files
from naikkelas.testing.pdf import pdf_text
from naikkelas.training.models import Certificate, CertificateStyle
from naikkelas.training.services import certificates
from naikkelas.training.tests.conftest import graduate_all

pytestmark = pytest.mark.django_db


def test_numbers_have_one_format_and_the_office_s_signatory(running, personas) -> None:  # type: ignore[no-untyped-def]
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


def test_a_province_batch_number_pads_its_region_to_four_digits(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other = running
    province = Organisation.objects.get(name="Balatkop Jateng")
    the_batch.organiser = province
    assert certificates.certificate_number(the_batch, 7) == (
        f"NK/{the_batch.level.program.year}/J1/3300/{the_batch.pk:04d}/0007"
    )


def test_without_a_style_the_head_of_the_office_signs(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = running
    graduate_all(the_batch, trainer)
    certificates.certificates_issue(actor=None, batch=the_batch)
    assert set(Certificate.objects.values_list("signatory", flat=True)) == {
        f"Kepala {the_batch.organiser.name}"
    }


def test_the_style_needs_a_name_and_title_and_a_real_picture_as_logo(running, personas) -> None:  # type: ignore[no-untyped-def]
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


def test_verification_says_dates_in_words_in_the_reader_s_language(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = running
    graduate_all(the_batch, trainer)
    certificates.certificates_issue(actor=None, batch=the_batch)
    code = Certificate.objects.first().code  # type: ignore[union-attr]
    with translation.override("id"):
        assert certificates.certificate_verify(code).start_date == "10 Mei 2021"
    with translation.override("en"):
        assert certificates.certificate_verify(code).end_date == "May 14, 2021"


def test_valid_unknown_and_revoked_codes(certified) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other, enrolments = certified
    certificate = Certificate.objects.get(enrolment=enrolments[0])
    assert certificates.certificate_verify(certificate.code).status == "valid"
    assert certificates.certificate_verify("TIDAKADA").status == "unknown"
    certificates.certificate_revoke(actor=None, certificate=certificate, reason="Data usaha tidak benar")
    revoked = certificates.certificate_verify(certificate.code.lower())
    assert revoked.status == "revoked" and revoked.revoked_reason == "Data usaha tidak benar"


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


def test_issuing_in_chunks_numbers_every_certificate_once(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other = running
    the_batch.enrolments.update(graduated=True)
    assert certificates.certificates_issue(actor=None, batch=the_batch, chunk=2) == 3
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert [n.rsplit("/", 1)[1] for n in numbers] == ["0001", "0002", "0003"]
    assert certificates.certificates_progress(the_batch) == (3, 3)
