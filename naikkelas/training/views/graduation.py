"""A batch's graduation: the preview against the level's criteria and its confirmation."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from naikkelas.core.forms import reason_language
from naikkelas.programs.access import can_manage, require_manage
from naikkelas.training import access
from naikkelas.training.services import graduation


def _user(request: HttpRequest) -> Any:
    return request.user


@login_required
def batch_graduation(request: HttpRequest, pk: int) -> HttpResponse:
    """The level's criteria evaluated for every participant, with reasons; the organiser confirms."""
    user = _user(request)
    batch = access.get_training_batch_for_user(user, pk, write=True)
    if request.method == "POST":
        require_manage(user, batch.organiser)
        count = graduation.graduation_confirm(actor=user, batch=batch)
        messages.success(request, _("Kelulusan dikonfirmasi: %(count)s lulus.") % {"count": count})
        return redirect("training:graduation", pk=batch.pk)
    language = reason_language()
    rows = [
        {
            "enrolment": enrolment,
            "ok": all(c.passed for c in criteria),
            "reasons": [c.reason(language) for c in criteria],
        }
        for enrolment, criteria in graduation.graduation_preview(batch=batch)
    ]
    return render(
        request,
        "training/graduation.html",
        {
            "batch": batch,
            "rows": rows,
            "passing": sum(r["ok"] for r in rows),
            "manage": can_manage(user, batch.organiser),
        },
    )
