"""Selection pages: the public form and status link, and the organisers' batch dashboard."""

from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.access import scope_for_user
from naikkelas.accounts.models import ApiToken
from naikkelas.accounts.services.tokens import api_tokens_revoke_all
from naikkelas.core.forms import add_service_errors, reason_language
from naikkelas.programs.access import batches_for_user, can_manage, sees_whole_batch
from naikkelas.regions.models import Region
from naikkelas.selection import access, selectors
from naikkelas.selection.eligibility import stored_reason
from naikkelas.selection.forms import ApplicationForm, CodeForm, PaperApplicationForm, StatusResendForm
from naikkelas.selection.models import Application
from naikkelas.selection.services import applications as application_services
from naikkelas.selection.services import runs


def apply_index(request: HttpRequest) -> HttpResponse:
    """Public: the batches whose application window is open today."""
    return render(request, "selection/apply_index.html", {"provinces": selectors.open_calls_by_province()})


def _application_input(form: ApplicationForm) -> application_services.ApplicationInput:
    data = form.cleaned_data
    return application_services.ApplicationInput(
        nik=data["nik"], name=data["name"], phone=data["phone"], email=data["email"],
        district=data["district"], enterprise_name=data["enterprise_name"], nib=data["nib"],
        sector=data["sector"], started_on=data["started_on"], period=data["period"],
        omzet=data["omzet"], aset=data["aset"], workers=data["workers"],
        consent=data["consent"], answers=form.answers(), followup_consent=data["followup_consent"],
        omzet_month_before=data.get("omzet_month_before"), omzet_two_months_before=data.get("omzet_two_months_before"),
        channels=form.chosen_channels() if form.channels_answered() else None,
    )  # fmt: skip


def apply_form(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: apply to one batch from a phone. Nothing is recorded until the code sent to the contact
    on record is entered (the next page)."""
    batch = get_object_or_404(selectors.batches_open_now(), pk=pk)
    form = ApplicationForm(request.POST or None, batch=batch)
    consent = application_services.consent_text_for(batch)
    if request.method == "POST" and form.is_valid():
        try:
            _pending, token = application_services.application_request(
                batch=batch, data=_application_input(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("selection:apply_confirm", token=token)
    return render(
        request,
        "selection/apply_form.html",
        {
            "batch": batch,
            "form": form,
            "requirements": selectors.level_requirements(batch.level),
            "consent_text": consent.text,
            "consent_version": consent.version,
            # The Indonesian text is the one agreed to; an English reader gets its translation beside it.
            "consent_translation": consent.translation if reason_language() == "en" else "",
        },
    )


@login_required
def application_enter(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff type in a paper form for an applicant: the public form's fields and rules, without the code
    (staff saw the KTP and the signature); the application records who entered it."""
    user: Any = request.user
    batch = access.get_batch_for_paper_entry(user, pk)
    form = PaperApplicationForm(request.POST or None, batch=batch)
    consent = application_services.consent_text_for(batch)
    first_application = None
    if request.method == "POST" and form.is_valid():
        try:
            application, _token = application_services.application_enter(
                actor=user, batch=batch, data=_application_input(form)
            )
        except application_services.SeatTaken as refusal:
            add_service_errors(form, refusal)
            # the application she already holds, linked only where this staff member may see it
            first_application = access.applications_for_user(user).filter(pk=refusal.first_id).first()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Pendaftaran %(enterprise)s (%(name)s) tercatat; tanda terima dikirim ke kontak pendaftar.")
                % {"enterprise": application.enterprise.name, "name": application.person.name},
            )
            if "another" in request.POST:
                return redirect("selection:application_enter", pk=batch.pk)
            return redirect("selection:batch_detail", pk=batch.pk)
    return render(
        request,
        "selection/application_enter.html",
        {
            "batch": batch,
            "form": form,
            "consent_text": consent.text,
            "consent_version": consent.version,
            "consent_translation": consent.translation if reason_language() == "en" else "",
            "first_application": first_application,
            "window_open": batch.opens_on <= timezone.localdate() <= batch.closes_on,
        },
    )


VERIFIED_KEY = "selection-verified-persons"
VERIFIED_FOR = timedelta(minutes=30)


def _mark_verified(request: HttpRequest, person_id: int) -> None:
    """This browser just proved control of the person's contact on record."""
    verified = dict(request.session.get(VERIFIED_KEY, {}))
    verified[str(person_id)] = timezone.now().isoformat()
    request.session[VERIFIED_KEY] = verified


def _is_verified(request: HttpRequest, person_id: int) -> bool:
    stamp = request.session.get(VERIFIED_KEY, {}).get(str(person_id))
    if not stamp:
        return False
    return timezone.now() - datetime.fromisoformat(stamp) < VERIFIED_FOR


def apply_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Public: type the code sent to the contact on record; then the application is recorded."""
    pending = application_services.pending_by_token(token)
    if pending is None:
        raise Http404
    form = CodeForm(request.POST or None, initial={"code": request.GET.get("kode", "")})
    if pending.refusal:
        return render(
            request, "selection/apply_confirm.html", {"pending": pending, "refusal": pending.refusal}
        )
    if pending.application_id is not None:
        return redirect("selection:apply_index")
    if request.method == "POST" and form.is_valid():
        try:
            application, status_token = application_services.application_confirm(
                pending=pending, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            pending.refresh_from_db()
            if pending.refusal:
                return render(
                    request, "selection/apply_confirm.html", {"pending": pending, "refusal": pending.refusal}
                )
            add_service_errors(form, error)
        else:
            _mark_verified(request, application.person_id)
            return _apply_done(request, application, status_token)
    return render(request, "selection/apply_confirm.html", {"pending": pending, "form": form})


def _region_names(application: Application) -> dict[str, str]:
    """The names of the regions an application's reasons mention (its organiser's province or regency)."""
    codes = {str(r.get("params", {}).get("region", "")) for r in application.eligibility}
    return dict(Region.objects.filter(code__in=codes - {""}).values_list("code", "name"))


def _apply_done(request: HttpRequest, application: Application, token: str) -> HttpResponse:
    language = reason_language()
    recommended = (
        application.level.program.levels.filter(rank=application.recommended_rank).first()
        if application.recommended_rank
        else None
    )
    return render(
        request,
        "selection/apply_done.html",
        {
            "application": application,
            "status_url": application_services.status_url(token),
            "token": token,
            "reasons": [
                {"passed": r["passed"], "text": stored_reason(r, language, _region_names(application))}
                for r in application.eligibility
            ],
            "recommended": recommended,
        },
    )


def status_resend(request: HttpRequest) -> HttpResponse:
    """Public: "send my status link again". The link goes to the WhatsApp or email on record for the NIK;
    the answer is the same whether or not the NIK applied, so the page reveals nothing."""
    form = StatusResendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        application_services.status_links_resend(nik=form.cleaned_data["nik"])
        return redirect(f"{reverse('selection:status_resend')}?terkirim=1")
    return render(
        request, "selection/status_resend.html", {"form": form, "sent": request.GET.get("terkirim") == "1"}
    )


def application_status(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the status link; shows the outcome and its reasons, never the NIK. A password for the
    applicant's login is set only by whoever proves control of the contact on record."""
    application = application_services.application_by_token(token)
    if application is None:
        raise Http404
    language = reason_language()
    reasons = [
        {"passed": r["passed"], "text": stored_reason(r, language, _region_names(application))}
        for r in application.eligibility
    ]
    published = application.batch.is_published
    decision = application.decision_reason_en if language == "en" else application.decision_reason
    account = application.person.user
    if request.method == "POST" and "withdraw" in request.POST:
        reason = request.POST.get("reason", "").strip()
        if not reason or request.POST.get("confirm") != "yes":
            messages.error(request, _("Tulis alasan dan centang konfirmasi untuk mengundurkan diri."))
        elif application.status == Application.Status.WITHDRAWN:
            messages.info(request, _("Pendaftaran ini sudah ditarik."))
        else:
            runs.application_withdraw(actor=account, application=application, reason=reason)
            messages.success(
                request, _("Anda sudah mengundurkan diri. Terima kasih telah memberi tahu kami.")
            )
        return redirect("selection:status", token=token)
    password_form = None
    code_form = None
    needs_password = account is not None and not account.has_usable_password()
    verified = _is_verified(request, application.person_id)
    if needs_password and request.method == "POST" and "send_code" in request.POST:
        if application_services.applicant_password_code_send(application=application):
            messages.success(request, _("Kode terkirim ke kontak yang terdaftar. Masukkan di bawah."))
        else:
            messages.error(
                request,
                _("Tidak ada nomor WhatsApp atau email yang terdaftar. Hubungi dinas yang menyelenggarakan."),
            )
        return redirect("selection:status", token=token)
    if needs_password and not verified:
        code_form = CodeForm(request.POST if "check_code" in request.POST else None)
        if request.method == "POST" and code_form.is_valid():
            try:
                application_services.applicant_password_code_check(
                    application=application, code=code_form.cleaned_data["code"]
                )
            except ValidationError as error:
                add_service_errors(code_form, error)
            else:
                _mark_verified(request, application.person_id)
                return redirect("selection:status", token=token)
    if needs_password and verified:
        assert account is not None
        password_form = SetPasswordForm(account, request.POST or None)
        if request.method == "POST" and password_form.is_valid():
            password_form.save()
            api_tokens_revoke_all(user=account, actor=account, reason=ApiToken.RevokeReason.PASSWORD_CHANGED)
            messages.success(
                request,
                _("Kata sandi tersimpan. Masuk dengan nama pengguna %(username)s.")
                % {"username": account.username},
            )
            return redirect("accounts:login")
    return render(
        request,
        "selection/status.html",
        {
            "application": application,
            "status_url": application_services.status_url(token),
            "reasons": reasons,
            "published": published,
            "decision": decision,
            "password_form": password_form,
            "code_form": code_form,
            # The login name is shown only to whoever proved control of the contact on record.
            "username": account.username if account and verified else "",
        },
    )


@login_required
def batch_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    batches = (
        batches_for_user(user).select_related("level__program", "organiser").order_by("-start_date", "title")
    )
    page = Paginator(batches, 25).get_page(request.GET.get("page"))
    return render(request, "selection/batch_list.html", {"page": page})


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's dashboard of one batch."""
    user: Any = request.user
    batch = get_object_or_404(
        batches_for_user(user).select_related("level__program", "organiser__region"), pk=pk
    )
    status = request.GET.get("status", "")
    visible = access.applications_for_user(user)
    applications = selectors.batch_applications(batch, status).filter(pk__in=visible.values("pk"))
    regencies = dict(Region.objects.filter(kind=Region.Kind.REGENCY).values_list("code", "name"))
    summary = selectors.batch_summary(batch, visible)
    page = Paginator(applications, 25).get_page(request.GET.get("page"))
    duplicates = selectors.possible_duplicates(batch, visible)
    for application in page:
        application.duplicate_reason = duplicates.get(application.pk, "")  # type: ignore[attr-defined]
    return render(
        request,
        "selection/batch_detail.html",
        {
            "batch": batch,
            "summary": summary,
            "regencies": [(regencies.get(code, code), n) for code, n in summary.by_regency],
            "page": page,
            "status": status,
            "status_label": dict(Application.Status.choices).get(status, ""),
            "can_manage": can_manage(user, batch.organiser),
            "whole_batch": sees_whole_batch(user, batch),
        },
    )


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    application = access.get_application_for_user(user, pk)
    language = reason_language()
    reasons = [
        {"passed": r["passed"], "text": stored_reason(r, language, _region_names(application))}
        for r in application.eligibility
    ]
    staff = scope_for_user(user).is_staff
    return render(
        request,
        "selection/application_detail.html",
        {
            "application": application,
            "reasons": reasons,
            # Reviewers' names and comments are for staff, not for the applicant.
            "reviews": application.reviews.select_related("reviewer") if staff else [],
            "staff": staff,
            "can_manage": can_manage(user, application.batch.organiser),
        },
    )
