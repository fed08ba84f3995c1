"""Mentoring in the API: mentors (with their regency/city code) and mentor assignments, scoped like the pages."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from naikkelas.mentoring import access

router = Router(tags=["mentoring"])


class MentorOut(Schema):
    id: int
    name: str
    regency_code: str
    sectors: list[str]
    capacity: int
    active: bool

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.user)


class MentorAssignmentOut(Schema):
    id: int
    mentor_id: int
    enterprise_id: int
    started_at: datetime
    ended_at: datetime | None
    ended_reason: str


def _user(request: HttpRequest) -> Any:
    return request.user


@router.get("/mentors", response=list[MentorOut])
@paginate(PageNumberPagination, page_size=50)
def mentor_list(request: HttpRequest, region: str | None = None) -> Any:
    """Mentors in the caller's scope; `region` filters by regency/city code."""
    queryset = access.mentors_for_user(_user(request)).select_related("user")
    return (queryset.filter(regency_code=region) if region else queryset).order_by("regency_code", "id")


@router.get("/mentor-assignments", response=list[MentorAssignmentOut])
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def assignment_list(request: HttpRequest, active: bool | None = None) -> Any:
    """A mentor sees their own mentees; admins their region; a participant their own mentor."""
    queryset = access.assignments_for_user(_user(request))
    if active is not None:
        queryset = queryset.filter(ended_at__isnull=active)
    return queryset.order_by("id")
