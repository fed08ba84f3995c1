"""Follow-ups in bulk: an admin reminds every overdue follow-up of a regency/city at once."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naikkelas.mentoring import access, followups


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
