"""Pages for consultations, visits and follow-ups (the participant's, the mentor's and the admins')."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.access import require
from naikkelas.core.formats import number, rupiah
from naikkelas.core.forms import add_service_errors
from naikkelas.core.idempotency import flag_stale_edit, idempotent, version_of
from naikkelas.core.uploads import upload_response
from naikkelas.mentoring import access, consultations, followups, selectors, visits
from naikkelas.mentoring.forms import ConsultationForm, FollowUpForm, ReplyForm, VisitForm
from naikkelas.mentoring.models import Consultation, FollowUp, Visit


def _user(request: HttpRequest) -> Any:
    return request.user


@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    status = request.GET.get("status", "")
    overdue = request.GET.get("terlambat") == "1"
    queue = selectors.consultation_queue(user, status=status, overdue=overdue)
    return render(
        request,
        "mentoring/consultation_list.html",
        {
            "page": Paginator(queue, 25).get_page(request.GET.get("page")),
            "counts": selectors.consultation_counts(user),
            "can_open": access.participant_enterprises(user).exists(),
            "my_followups": [
                (followup, followups.link_url(followup).removeprefix(settings.SITE_URL))
                for followup in access.followups_for_user(user).filter(
                    enterprise__owner__user_id=user.pk,
                    status=FollowUp.Status.PENDING,
                    link_expires_on__gte=timezone.localdate(),
                    due_on__lte=timezone.localdate() + timedelta(days=settings.FOLLOWUP_REMIND_BEFORE_DAYS),
                )
            ],
            "statuses": Consultation.Status.choices,
            "status": status,
            "overdue": overdue,
        },
    )


@login_required
def consultation_open(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    enterprises = access.require_participant_enterprises(user)
    form = ConsultationForm(request.POST or None, request.FILES or None, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = consultations.consultation_open(
                actor=user,
                enterprise=form.cleaned_data["enterprise"],
                category=form.cleaned_data["category"],
                description=form.cleaned_data["description"],
                photo=form.cleaned_data.get("photo"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Konsultasi terkirim ke pendamping Anda."))
            return redirect("mentoring:consultation", pk=consultation.pk)
    return render(request, "mentoring/consultation_form.html", {"form": form})


@login_required
@idempotent
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    consultation = access.get_consultation_for_user(user, pk, write=request.method == "POST")
    form = ReplyForm(request.POST if request.POST.get("action") == "reply" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "close":
            consultations.consultation_close(actor=user, consultation=consultation)
            messages.success(request, _("Konsultasi ditandai selesai."))
            return redirect("mentoring:consultation", pk=pk)
        if action == "reply" and form.is_valid():
            try:
                consultations.consultation_reply(
                    actor=user, consultation=consultation, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("mentoring:consultation", pk=pk)
    is_owner = consultation.enterprise.owner.user_id == user.pk
    return render(
        request,
        "mentoring/consultation_detail.html",
        {
            "consultation": consultation,
            "thread": consultation.messages.select_related("author"),
            "form": form,
            "is_owner": is_owner,
            "can_write": is_owner or _can_write(user, consultation),
            "handover_to": access.handover_mentors(user, consultation)
            if access.can_hand_over(user, consultation)
            else [],
        },
    )


def _can_write(user: Any, consultation: Consultation) -> bool:
    return access.can_write_consultation(user, consultation)


@login_required
def consultation_photo(request: HttpRequest, pk: int) -> FileResponse:
    consultation = access.get_consultation_for_user(_user(request), pk)
    if not consultation.photo:
        raise Http404
    return upload_response(consultation.photo, stem=f"konsultasi-{consultation.pk}")


@login_required
def visit_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A visit's photo: for its mentor, the enterprise's owner and the region's staff (the door)."""
    visit = access.get_visit_for_user(_user(request), pk)
    if not visit.photo:
        raise Http404
    return upload_response(visit.photo, stem=f"kunjungan-{visit.pk}")


@login_required
def followup_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """The evidence photo sent with a figure that jumped: for the staff who check it (and the owner)."""
    followup = access.get_followup_for_user(_user(request), pk)
    if not followup.evidence:
        raise Http404
    return upload_response(followup.evidence, stem=f"bukti-tindak-lanjut-{followup.pk}")


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    mentor = access.mentor_for_user(user)
    require(access.can_see_visits(user, mentor))
    queryset = access.visits_for_user(user).select_related("enterprise", "mentor__user", "report")
    return render(
        request,
        "mentoring/visit_list.html",
        {
            "page": Paginator(queryset.order_by("-date", "-id"), 25).get_page(request.GET.get("page")),
            "mentor": mentor,
        },
    )


@login_required
@idempotent
def visit_log(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    user = _user(request)
    mentor = access.require_mentor(user)
    enterprise = access.mentee_for_mentor(mentor, enterprise_id)
    plan = None
    if request.GET.get("rencana"):
        plan = get_object_or_404(
            Visit.objects.filter(mentor=mentor, enterprise=enterprise, status=Visit.Status.PLANNED),
            pk=request.GET["rencana"],
        )
    initial = {"mode": plan.mode, "topics": plan.topics} if plan else {}
    form = VisitForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            visit = visits.visit_log(
                actor=user,
                mentor=mentor,
                enterprise=enterprise,
                visit_date=form.cleaned_data["visit_date"],
                mode=form.cleaned_data["mode"],
                topics=form.cleaned_data["topics"],
                problems=form.cleaned_data["problems"],
                actions=form.actions(),
                figures=form.figures(),
                planned=form.cleaned_data["planned"],
                visit=plan,
                photo=form.cleaned_data.get("photo"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if visit.status == visit.Status.PLANNED:
                messages.success(request, _("Rencana kunjungan tersimpan."))
            else:
                messages.success(request, _("Kunjungan ke %(name)s tercatat.") % {"name": enterprise.name})
            return redirect("mentoring:visits")
    return render(request, "mentoring/visit_form.html", {"form": form, "enterprise": enterprise})


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
    correcting = request.POST.get("action") == "correct"
    form = FollowUpForm(request.POST or None, request.FILES or None, period=period)
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
