"""Mentoring pages: the overview for admins (mentors, loads, gaps) and a mentor's mentees."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from naikkelas.accounts.access import is_province_admin, require
from naikkelas.core.formats import whatsapp_link
from naikkelas.mentoring import access, selectors, services
from naikkelas.regions.models import Region


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require(access.can_see_overview(user))
    is_admin = access.can_match_graduates(user)
    if request.method == "POST":
        require(is_admin)
        report = services.graduates_match(actor=user, regency_codes=access.regencies_administered_by(user))
        messages.success(request, _("%(count)s lulusan mendapat pendamping.") % {"count": report.assigned})
        if report.gaps:
            messages.warning(
                request,
                _(
                    "%(count)s lulusan belum mendapat pendamping karena tidak ada pendamping yang masih longgar."
                )
                % {"count": sum(report.gaps.values())},
            )
        return redirect("mentoring:overview")
    names = dict(Region.objects.filter(kind=Region.Kind.REGENCY).values_list("code", "name"))
    return render(
        request,
        "mentoring/overview.html",
        {
            "page": Paginator(selectors.mentors_with_load(user), 50).get_page(request.GET.get("page")),
            "gaps": [(names.get(code, code), count) for code, count in selectors.gaps(user)],
            "is_admin": is_admin,
            "can_register": access.offices_managing_mentors(user).exists(),
            "is_province_admin": is_province_admin(user),
            "consultations": selectors.consultation_counts(user),
            "followups": selectors.followup_counts(user),
        },
    )


@login_required
def my_mentees(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    assignments = (
        access.assignments_for_user(user)
        .filter(mentor__user=user, ended_at__isnull=True)
        .select_related("enterprise__owner", "enterprise__district")
        .order_by("enterprise__name")
    )
    page = Paginator(assignments, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "assignment": assignment,
            "whatsapp": whatsapp_link(assignment.enterprise.owner.phone)
            if assignment.enterprise.owner.phone
            else "",
        }
        for assignment in page
    ]
    return render(
        request,
        "mentoring/mine.html",
        {"page": page, "rows": rows, "counts": selectors.consultation_counts(user)},
    )
