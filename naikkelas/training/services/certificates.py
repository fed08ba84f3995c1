"""Certificates: issuing, revoking, the PDF (reportlab, with a QR code by segno) and verification."""

import io
import secrets
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from naikkelas.accounts.models import Organisation, User
from naikkelas.core.audit import audit_record, snapshot
from naikkelas.core.formats import long_date
from naikkelas.core.pdf import FONT, FONT_BOLD, register_fonts
from naikkelas.core.uploads import UploadError, check_photo
from naikkelas.programs.models import Batch
from naikkelas.training.models import Certificate, CertificateStyle, Enrolment

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def verify_url(code: str) -> str:
    return settings.SITE_URL + reverse("verify", args=[code])


def certificate_number(batch: Batch, sequence: int) -> str:
    """One format at every level and office: NK/<year>/J<level>/<region as 4 digits>/<batch>/<sequence>,
    e.g. NK/2021/J1/3374/0012/0003 (Kota Semarang) and NK/2021/J2/3300/0040/0001 (the province)."""
    region = batch.organiser.region
    digits = (region.code if region else "").replace(".", "")
    return (
        f"NK/{batch.level.program.year}/J{batch.level.rank}/{digits.ljust(4, '0')[:4]}/"
        f"{batch.pk:04d}/{sequence:04d}"
    )


def style_of(batch: Batch) -> CertificateStyle | None:
    return CertificateStyle.objects.filter(organisation_id=batch.organiser_id).first()


CHUNK = 20  # certificates per transaction: the progress page sees them arrive


def certificates_issue(*, actor: User | None, batch: Batch, chunk: int = CHUNK) -> int:
    """A certificate for every confirmed graduate of the batch that has none yet, CHUNK at a time (each
    chunk its own transaction under the batch's row lock, so numbers never collide and a run cut short
    is finished by the next). Returns how many were issued."""
    style = style_of(batch)
    signatory = style.signatory_name if style else _("Kepala %(office)s") % {"office": batch.organiser.name}
    signatory_title = style.signatory_title if style else ""
    issued = 0
    while True:
        with transaction.atomic():
            Batch.objects.select_for_update().filter(pk=batch.pk).first()
            waiting = list(
                batch.enrolments.filter(graduated=True, certificate__isnull=True).order_by("id")[:chunk]
            )
            if not waiting:
                break
            start = Certificate.objects.filter(enrolment__batch=batch).count()
            for offset, enrolment in enumerate(waiting, start=1):
                Certificate.objects.create(
                    enrolment=enrolment,
                    code=new_code(),
                    number=certificate_number(batch, start + offset),
                    issued_on=batch.end_date,
                    signatory=signatory,
                    signatory_title=signatory_title,
                )
            audit_record(
                actor=actor, action="update", instance=batch, changes={"certificates_issued": len(waiting)}
            )
            issued += len(waiting)
    return issued


def certificates_progress(batch: Batch) -> tuple[int, int]:
    """(issued, graduates) of a batch: what the progress bar shows, read from the rows themselves, so it
    is true whichever process does the work."""
    graduates = batch.enrolments.filter(graduated=True)
    return graduates.filter(certificate__isnull=False).count(), graduates.count()


@task()
def certificates_issue_task(batch_id: int, actor_id: int | None = None) -> int:
    """certificates_issue in the background worker (`./run demo` starts it)."""
    batch = Batch.objects.select_related("organiser__region", "level__program").get(pk=batch_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return certificates_issue(actor=actor, batch=batch)


def certificates_issue_later(*, actor: User | None, batch: Batch) -> None:
    """Queue the issuing of a batch's certificates; the page then follows the progress."""
    if not batch.enrolments.filter(graduated=True).exists():
        raise ValidationError(_("Belum ada lulusan. Konfirmasi kelulusan dulu."))
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    transaction.on_commit(lambda: certificates_issue_task.enqueue(batch.pk, actor_id))


def certificate_revoke(*, actor: User | None, certificate: Certificate, reason: str) -> Certificate:
    if not reason.strip():
        raise ValidationError({"reason": [_("Tuliskan alasan pencabutan.")]})
    with transaction.atomic():
        certificate.revoked_at = timezone.now()
        certificate.revoked_reason = reason.strip()
        certificate.save(update_fields=["revoked_at", "revoked_reason"])
        audit_record(
            actor=actor,
            action="update",
            instance=certificate,
            changes=snapshot(certificate, ["revoked_reason"]),
        )
    return certificate


@dataclass(frozen=True)
class Verification:
    """What the public may know about a code: never the NIK, never contact details."""

    status: str  # "valid", "revoked" or "unknown"
    holder: str = ""
    enterprise: str = ""
    level: str = ""
    batch: str = ""
    start_date: str = ""
    end_date: str = ""
    issued_on: str = ""
    number: str = ""
    revoked_reason: str = ""


def certificate_verify(code: str) -> Verification:
    certificate = (
        Certificate.objects.filter(code=code.strip().upper())
        .select_related(
            "enrolment__batch__level__program",
            "enrolment__application__person",
            "enrolment__application__enterprise",
        )
        .first()
    )
    if certificate is None:
        return Verification(status="unknown")
    language = get_language() or "id"
    enrolment = certificate.enrolment
    batch = enrolment.batch
    return Verification(
        status="revoked" if certificate.revoked_at else "valid",
        holder=enrolment.application.person.name,
        enterprise=enrolment.application.enterprise.name,
        level=f"{batch.level.rank}. {batch.level.name} ({batch.level.program})",
        batch=batch.title,
        start_date=long_date(batch.start_date, language),
        end_date=long_date(batch.end_date, language),
        issued_on=long_date(certificate.issued_on, language),
        number=certificate.number,
        revoked_reason=certificate.revoked_reason,
    )


def _qr_png(text: str) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate in Indonesian on one A4 landscape page, with a QR code to its verification page."""
    enrolment = certificate.enrolment
    batch = enrolment.batch
    width, height = landscape(A4)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"Sertifikat {certificate.number}")
    pdf.setStrokeColorRGB(0.04, 0.24, 0.43)
    pdf.setLineWidth(4)
    pdf.rect(1 * cm, 1 * cm, width - 2 * cm, height - 2 * cm)
    centre = width / 2
    style = style_of(batch)
    if style is not None and style.logo:
        try:
            with style.logo.open("rb") as handle:
                logo = ImageReader(io.BytesIO(handle.read()))
            pdf.drawImage(logo, centre - 1.25 * cm, height - 3.3 * cm, width=2.5 * cm, height=2.5 * cm,
                          preserveAspectRatio=True, anchor="c", mask="auto")  # fmt: skip
        except OSError:  # a logo file gone missing must not stop a certificate
            pass
    register_fonts()  # the one font of our PDFs: a name's every letter is drawn (core.pdf)
    pdf.setFont(FONT_BOLD, 30)
    pdf.drawCentredString(centre, height - 4 * cm, "SERTIFIKAT")
    pdf.setFont(FONT, 12)
    pdf.drawCentredString(centre, height - 4.8 * cm, f"Nomor: {certificate.number}")
    pdf.drawCentredString(centre, height - 6.2 * cm, "diberikan kepada")
    pdf.setFont(FONT_BOLD, 24)
    pdf.drawCentredString(centre, height - 7.5 * cm, enrolment.application.person.name)
    pdf.setFont(FONT, 14)
    pdf.drawCentredString(centre, height - 8.5 * cm, enrolment.application.enterprise.name)
    pdf.setFont(FONT, 12)
    lines = [
        f"telah lulus Pelatihan Berjenjang UMKM jenjang {batch.level.rank} ({batch.level.name})",
        f"{batch.title}, {long_date(batch.start_date, 'id')} – {long_date(batch.end_date, 'id')}",
        f"diselenggarakan oleh {batch.organiser.name}",
    ]
    for index, line in enumerate(lines):
        pdf.drawCentredString(centre, height - (10 + index * 0.8) * cm, line)
    signature = width - 8 * cm
    pdf.drawCentredString(
        signature, 4.6 * cm, long_date(certificate.issued_on, "id")
    )  # an Indonesian document
    pdf.line(signature - 5 * cm, 3.2 * cm, signature + 5 * cm, 3.2 * cm)
    pdf.setFont(FONT_BOLD, 10)
    pdf.drawCentredString(signature, 2.6 * cm, certificate.signatory)
    pdf.setFont(FONT, 10)
    if certificate.signatory_title:
        pdf.drawCentredString(signature, 2.1 * cm, certificate.signatory_title)
    qr = ImageReader(io.BytesIO(_qr_png(verify_url(certificate.code))))
    pdf.drawImage(qr, 2 * cm, 2 * cm, width=3.5 * cm, height=3.5 * cm)
    pdf.setFont(FONT, 9)
    pdf.drawString(2 * cm, 1.5 * cm, f"Periksa keaslian: {verify_url(certificate.code)}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def certificates_zip(certificates: QuerySet[Certificate]) -> bytes:
    """The given certificates (those of a batch the user may see) as PDFs in one zip."""
    buffer = io.BytesIO()
    certificates = certificates.select_related(
        "enrolment__batch__level__program", "enrolment__batch__organiser", "enrolment__application__person",
        "enrolment__application__enterprise",
    )  # fmt: skip
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            archive.writestr(f"{certificate.number.replace('/', '-')}.pdf", certificate_pdf(certificate))
    return buffer.getvalue()


def enrolment_certificate(enrolment: Enrolment) -> Certificate | None:
    return Certificate.objects.filter(enrolment=enrolment).first()


def certificate_style_save(
    *,
    actor: User,
    organisation: Organisation,
    signatory_name: str,
    signatory_title: str,
    signatory_id: str = "",
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
) -> CertificateStyle:
    """Who signs an organisation's certificates and its logo; certificates issued from now on carry them
    (issued ones keep the signatory they were issued with)."""
    errors: dict[str, list[str]] = {}
    if not signatory_name.strip():
        errors["signatory_name"] = [_("Tulis nama penanda tangan.")]
    if not signatory_title.strip():
        errors["signatory_title"] = [
            _("Tulis jabatan penanda tangan, misalnya Kepala Dinas Koperasi dan UKM.")
        ]
    checked = None
    if logo is not None:
        try:
            checked = check_photo(logo, logo.name or _("logo"))
        except UploadError as error:
            errors["logo"] = [str(error)]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        style, _created = CertificateStyle.objects.get_or_create(
            organisation=organisation,
            defaults={"signatory_name": signatory_name.strip(), "signatory_title": signatory_title.strip()},
        )
        style.signatory_name = signatory_name.strip()
        style.signatory_title = signatory_title.strip()
        style.signatory_id = signatory_id.strip()
        if remove_logo and style.logo:
            style.logo.delete(save=False)
            style.logo = ""
        if checked is not None:
            style.logo.save(
                f"logo-{organisation.pk}.{checked.extension}", ContentFile(checked.content), save=False
            )
        style.save()
        audit_record(
            actor=actor, action="update", instance=style,
            changes=snapshot(style, ["signatory_name", "signatory_title", "signatory_id"]),
        )  # fmt: skip
    return style
