"""Certificate pages: issue and download (staff), my certificate (participant), public verification."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from naikkelas.accounts.access import require
from naikkelas.core import access_log
from naikkelas.core.forms import add_service_errors
from naikkelas.core.uploads import upload_response
from naikkelas.training import access
from naikkelas.training.forms import CertificateStyleForm
from naikkelas.training.models import CertificateStyle
from naikkelas.training.services import certificates


def _user(request: HttpRequest) -> Any:
    return request.user


def verify_index(request: HttpRequest) -> HttpResponse:
    """Public: type the code printed under the QR code (for those who cannot scan it)."""
    code = "".join(ch for ch in request.GET.get("kode", "") if ch.isalnum()).upper()[:16]
    if code:
        return redirect("verify", code=code)
    return render(request, "training/verify_index.html", {"asked": "kode" in request.GET})


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone with the code (from the QR) sees whose certificate it is — never the NIK."""
    result = certificates.certificate_verify(code)
    status = 200 if result.status != "unknown" else 404
    return render(
        request, "training/verify.html",
        {"result": result, "code": code, "verify_url": certificates.verify_url(code.strip().upper())},
        status=status,
    )  # fmt: skip


@login_required
def batch_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    batch = access.get_training_batch_for_user(user, pk)
    manage = access.can_issue_certificates(user, batch)
    if request.method == "POST":
        access.require_issue_certificates(user, batch)
        try:
            certificates.certificates_issue_later(actor=user, batch=batch)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("training:certificates", pk=batch.pk)
        return redirect("training:certificates_progress", pk=batch.pk)
    visible = access.certificates_for_user(user).filter(enrolment__batch=batch)
    if request.GET.get("zip"):
        holders = visible.values_list("enrolment__application__person_id", flat=True)
        access_log.note(request, holders, purpose="export", what="certificates_zip")
        response = HttpResponse(certificates.certificates_zip(visible), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="sertifikat-angkatan-{batch.pk}.zip"'
        return response
    items = visible.select_related("enrolment__application__person")
    return render(
        request,
        "training/certificates.html",
        {
            "batch": batch,
            "items": items,
            "manage": manage,
            "whole_roster": access.sees_every_participant(user, batch),
        },
    )


@login_required
def certificates_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Issuing runs in the background: this page refreshes itself until every graduate has a certificate."""
    user = _user(request)
    batch = access.get_training_batch_for_user(user, pk)
    access.require_issue_certificates(user, batch)
    issued, graduates = certificates.certificates_progress(batch)
    return render(
        request,
        "training/certificates_progress.html",
        {"batch": batch, "issued": issued, "graduates": graduates, "busy": issued < graduates},
    )


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = (
        access.certificates_for_user(_user(request))
        .select_related(
            "enrolment__batch__level__program",
            "enrolment__batch__organiser",
            "enrolment__application__person",
            "enrolment__application__enterprise",
        )
        .filter(pk=pk)
        .first()
    )
    if certificate is None:
        raise Http404
    holder = certificate.enrolment.application.person
    if holder.user_id != request.user.pk:  # one's own certificate is not an access to someone's data
        access_log.note(request, [holder.pk], purpose="export", what="certificate_pdf")
    response = HttpResponse(certificates.certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number.replace("/", "-")}.pdf"'
    return response


@login_required
def certificate_style(request: HttpRequest) -> HttpResponse:
    """An office's admin sets the logo and the signatory its certificates carry."""
    user = _user(request)
    require(access.can_style_certificates(user))
    offices = list(access.certificate_style_offices(user))
    chosen = request.GET.get("kantor") or request.POST.get("kantor") or str(offices[0].pk)
    office = next((o for o in offices if str(o.pk) == chosen), None)
    if office is None:
        raise Http404
    style = CertificateStyle.objects.filter(organisation=office).first()
    initial = (
        {"signatory_name": style.signatory_name, "signatory_title": style.signatory_title,
         "signatory_id": style.signatory_id}
        if style else {"signatory_title": _("Kepala %(office)s") % {"office": office.name}}
    )  # fmt: skip
    form = CertificateStyleForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            certificates.certificate_style_save(
                actor=user, organisation=office, signatory_name=form.cleaned_data["signatory_name"],
                signatory_title=form.cleaned_data["signatory_title"],
                signatory_id=form.cleaned_data["signatory_id"], logo=form.cleaned_data.get("logo"),
                remove_logo=form.cleaned_data["remove_logo"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Tersimpan. Sertifikat yang terbit sesudah ini memakai logo dan penanda tangan ini."),
            )
            return redirect(f"{reverse('training:certificate_style')}?kantor={office.pk}")
    return render(
        request, "training/certificate_style.html",
        {"form": form, "office": office, "offices": offices, "style": style},
    )  # fmt: skip


@login_required
def certificate_style_logo(request: HttpRequest, pk: int) -> FileResponse:
    user = _user(request)
    office = access.certificate_style_offices(user).filter(pk=pk).first()
    style = CertificateStyle.objects.filter(organisation=office).first() if office else None
    if style is None or not style.logo:
        raise Http404
    return upload_response(style.logo, stem=f"logo-{pk}")
