"""Consultation case work: a mentor hands a consultation to a colleague, an admin (the province for an
escalated one) reassigns it."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naikkelas.mentoring import access, consultations


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
