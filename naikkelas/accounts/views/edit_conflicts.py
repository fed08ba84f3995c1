"""Late edits from the field (core.idempotency): the region's admins see what was sent and settle it."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naikkelas.accounts.access import (
    edit_conflicts_for_user,
    get_edit_conflict_for_user,
    require_staff,
    scope_for_user,
)
from naikkelas.accounts.links import AccountLink
from naikkelas.core.idempotency import edit_conflict_resolve
from naikkelas.core.models import EditConflict


@login_required
def conflict_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_staff(user)
    status = request.GET.get("status", EditConflict.Status.OPEN)
    conflicts = edit_conflicts_for_user(user).select_related("actor", "resolved_by")
    if status in EditConflict.Status.values:
        conflicts = conflicts.filter(status=status)
    return render(
        request,
        "accounts/edit_conflicts.html",
        {
            "page": Paginator(conflicts, 25).get_page(request.GET.get("page")),
            "status": status,
            "statuses": EditConflict.Status.choices,
        },
    )


@login_required
@require_POST
def conflict_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    conflict = get_edit_conflict_for_user(user, pk, write=True)
    try:
        edit_conflict_resolve(actor=user, conflict=conflict)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Bentrok ditandai sudah ditangani."))
    return redirect("accounts:edit_conflicts")


def conflict_links(user: Any) -> list[AccountLink]:
    """On the account page of a region's admins and viewers, while late edits wait to be settled."""
    if not scope_for_user(user).is_regional:
        return []
    open_count = edit_conflicts_for_user(user).filter(status=EditConflict.Status.OPEN).count()
    if not open_count:
        return []
    text = _("Isian lapangan yang bentrok (%(n)s)") % {"n": open_count}
    return [AccountLink(text=text, url=reverse("accounts:edit_conflicts"))]
