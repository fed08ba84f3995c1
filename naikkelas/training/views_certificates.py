"""Certificate pages: issue and download (staff), my certificate (participant), public verification."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from naikkelas.core import access_log
from naikkelas.training import access, certificates


def _user(request: HttpRequest) -> Any:
    return request.user


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone with the code (from the QR) sees whose certificate it is — never the NIK."""
    result = certificates.certificate_verify(code)
    status = 200 if result.status != "unknown" else 404
    return render(request, "training/verify.html", {"result": result, "code": code}, status=status)


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
