"""Follow-up pages: the admins' list and reminders, entering figures for a mentee, the evidence photo, and
the public link a participant answers from."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naikkelas.accounts.access import require
from naikkelas.core.formats import number, rupiah
from naikkelas.core.forms import add_service_errors
from naikkelas.core.idempotency import flag_stale_edit, idempotent, version_of
from naikkelas.core.uploads import upload_response
from naikkelas.mentoring import access, selectors
from naikkelas.mentoring.forms import FollowUpForm
from naikkelas.mentoring.models import FollowUp
from naikkelas.mentoring.services import followups
from naikkelas.notify.models import ChannelConsent
from naikkelas.notify.services import consent


def _user(request: HttpRequest) -> Any:
    return request.user


@login_required
def followup_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """The evidence photo sent with a figure that jumped: for the staff who check it (and the owner)."""
    followup = access.get_followup_for_user(_user(request), pk)
    if not followup.evidence:
        raise Http404
    return upload_response(followup.evidence, stem=f"bukti-tindak-lanjut-{followup.pk}")


@login_required
def followup_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(access.can_see_overview(user))
    status, group = request.GET.get("status", ""), request.GET.get("kelompok", "")
    return render(
        request,
        "mentoring/followup_list.html",
        {
            "page": Paginator(selectors.followup_list(user, status=status, group=group), 25).get_page(
                request.GET.get("page")
            ),
            "counts": selectors.followup_counts(user),
            "remind_regencies": selectors.overdue_followups_by_regency(user),
            "statuses": FollowUp.Status.choices,
            "groups": FollowUp.Group.choices,
            "status": status,
            "group": group,
        },
    )


@login_required
@idempotent
def followup_enter(request: HttpRequest, pk: int) -> HttpResponse:
    """The mentor (or an admin) enters a follow-up's figures, e.g. collected on a call."""
    user = _user(request)
    followup = access.get_followup_for_user(user, pk, write=request.method == "POST")
    if request.method == "POST" and request.POST.get("action") == "revoke":
        if request.POST.get("sure") != "1":
            messages.error(request, _("Centang konfirmasi untuk mencabut tautan."))
            return redirect("mentoring:followup_enter", pk=pk)
        followups.followup_link_revoke(actor=user, followup=followup)
        messages.success(request, _("Tautan pribadi lama tidak berlaku lagi."))
        return redirect("mentoring:followup_enter", pk=pk)
    if request.method == "POST" and request.POST.get("action") == "renew":
        try:
            followups.followup_link_renew(actor=user, followup=followup)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Tautan baru dikirim ke pemilik usaha."))
        return redirect("mentoring:followup_enter", pk=pk)
    via = access.followup_entry_via(user)
    return _followup_form(request, followup, actor=user, via=via, template="mentoring/followup_enter.html")


def _followup_form(
    request: HttpRequest, followup: FollowUp, *, actor: Any, via: str, template: str
) -> HttpResponse:
    """The figures for the month the follow-up asks about (named on the form), the report before that
    month beside it; after sending, the owner's link offers a correction for FOLLOWUP_CORRECTION_HOURS."""
    period = followups.asked_period(followup)
    if request.method == "POST" and request.POST.get("action") == "closed":
        if request.POST.get("sure") != "1":
            messages.error(request, _("Centang konfirmasi bahwa usaha sudah tidak berjalan."))
            return redirect(request.path)
        try:
            followups.followup_report_closed(actor=actor, followup=followup, via=via)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Tercatat: usaha sudah tutup. Terima kasih sudah memberi tahu kami."))
        return redirect(request.path)
    correcting = request.POST.get("action") == "correct"
    owner = followup.enterprise.owner
    asks_channels = via == FollowUp.Via.LINK and followup.status == FollowUp.Status.PENDING and not correcting
    channels = consent.person_choices(owner) if asks_channels else None
    form = FollowUpForm(request.POST or None, request.FILES or None, period=period, channels=channels)
    jump = False
    if request.method == "POST" and form.is_valid():
        figures = {name: form.cleaned_data[name] for name in ("omzet", "aset", "workers")}
        if not correcting and followup.status != FollowUp.Status.PENDING:
            # Sent (perhaps from a phone's outbox) after someone else reported: kept for the supervisor.
            shown = {k: rupiah(form.cleaned_data[k]) for k in ("omzet", "aset")} | {
                "workers": number(form.cleaned_data["workers"])
            }
            summary = _("omzet %(omzet)s, aset %(aset)s, %(workers)s pekerja") % shown
            if flag_stale_edit(
                request, actor=actor, instance=followup, current=version_of(followup.reported_at),
                area=followup.enterprise, summary=summary,
            ):  # fmt: skip
                return redirect(request.path)
        try:
            if correcting and via == FollowUp.Via.LINK:
                followups.followup_correct(
                    actor=actor, followup=followup, confirm_jump=form.cleaned_data["confirm_jump"], **figures
                )
            elif followup.status == FollowUp.Status.PENDING:
                followups.followup_report(
                    actor=actor,
                    followup=followup,
                    via=via,
                    confirm_jump=form.cleaned_data["confirm_jump"],
                    evidence=form.cleaned_data.get("evidence"),
                    **figures,
                )
                if asks_channels and form.channels_answered():
                    consent.consents_record(
                        person=owner, chosen=form.chosen_channels(), offered=form.offered_channels(),
                        source=ChannelConsent.Source.FORM,
                    )  # fmt: skip
            else:
                raise ValidationError(_("Angka tindak lanjut ini sudah dilaporkan. Terima kasih."))
        except ValidationError as error:
            jump = "confirm_jump" in getattr(error, "error_dict", {})
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Perbaikan tersimpan.") if correcting else _("Terima kasih, angka usaha tersimpan."),
            )
            return redirect(request.path)
    can_correct = via == FollowUp.Via.LINK and followups.correction_open(followup)
    if can_correct and not form.is_bound:
        form = FollowUpForm(
            initial={name: getattr(followup.report, name) for name in ("omzet", "aset", "workers")},
            period=period,
        )
    return render(
        request,
        template,
        {
            "followup": followup,
            "form": form,
            "jump": jump,
            "period": period,
            "previous": followups.previous_report(followup, period),
            "can_correct": can_correct,
            "correct_until": followups.correction_closes_at(followup) if can_correct else None,
            "correcting": correcting,
            "link": followups.link_url(followup) if template.endswith("enter.html") else "",
            "link_alive": followup.link_expires_on >= timezone.localdate(),
        },
    )


@idempotent
def followup_link(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's personal link: no password, this one follow-up only, until it expires."""
    followup = followups.followup_from_token(token)
    if followup is None:
        return render(request, "mentoring/followup_link_invalid.html", status=404)
    return _followup_form(
        request, followup, actor=None, via=FollowUp.Via.LINK, template="mentoring/followup_link.html"
    )


@require_POST
@login_required
def followups_remind(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    regency = request.POST.get("regency", "")[:5]
    access.require_remind_followups(user, regency)
    if request.POST.get("sure") != "1":
        messages.error(request, _("Centang konfirmasi untuk mengirim pengingat."))
        return redirect("mentoring:followups")
    try:
        count = followups.followups_remind_overdue(actor=user, regency_code=regency)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)s pemilik usaha diingatkan.") % {"count": count})
    return redirect("mentoring:followups")
