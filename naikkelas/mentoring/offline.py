"""The pages a mentor's phone keeps for working without signal: her mentees and their visit forms."""

from typing import Any

from django.urls import reverse

from naikkelas.mentoring import access


def mentor_pages(user: Any) -> list[str]:
    """The mentor's own list, visits, consultations and follow-ups, and a visit form per active mentee."""
    mentor = access.mentor_for_user(user)
    if mentor is None:
        return []
    pages = [
        reverse("mentoring:mine"),
        reverse("mentoring:visits"),
        reverse("mentoring:consultations"),
        reverse("mentoring:followups"),
    ]
    mentees = (
        access.assignments_for_user(user)
        .filter(mentor=mentor, ended_at__isnull=True)
        .order_by("enterprise__name")
        .values_list("enterprise_id", flat=True)
    )
    pages += [reverse("mentoring:visit_log", args=[enterprise_id]) for enterprise_id in mentees[:100]]
    return pages
