"""Consultation pages: the queue, opening one, the thread with its photo, and handing it over (an
escalated one is reassigned)."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naikkelas.core.forms import add_service_errors
from naikkelas.core.idempotency import idempotent
from naikkelas.core.uploads import upload_response
from naikkelas.mentoring import access, selectors
from naikkelas.mentoring.forms import ConsultationForm, ReplyForm
from naikkelas.mentoring.models import Consultation, FollowUp
from naikkelas.mentoring.services import consultations, followups


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


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


@require_POST
@login_required
def consultation_hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    consultation = access.get_consultation_for_user(user, pk)
    access.require_hand_over(user, consultation)
    mentor = next(
        (m for m in access.handover_mentors(user, consultation) if m.pk == _int(request.POST.get("mentor"))),
        None,
    )
    try:
        if mentor is None:
            raise ValidationError(_("Pilih pendamping yang akan menerima konsultasi ini."))
        consultations.consultation_hand_over(
            actor=user, consultation=consultation, mentor=mentor, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("mentoring:consultation", pk=pk)
    messages.success(request, _("Konsultasi diserahkan kepada %(mentor)s.") % {"mentor": mentor.user})
    if access.consultations_for_user(user).filter(pk=pk).exists():
        return redirect("mentoring:consultation", pk=pk)
    return redirect("mentoring:consultations")  # a mentor who handed it over no longer sees it
