"""Mentoring in the API: mentors (with their regency/city code) and mentor assignments, scoped like the pages."""

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from naikkelas.accounts.access import require
from naikkelas.core.idempotency import idempotent
from naikkelas.core.pagination import PageNumberPagination
from naikkelas.core.schemas import Count, Id, InputSchema, IsoDate, RegionFilter, Rupiah, omittable
from naikkelas.mentoring import access
from naikkelas.mentoring.models import Consultation, Visit
from naikkelas.mentoring.services import consultations, followups, matching, mentors, visits
from naikkelas.registry.api import EnterpriseSector

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
def mentor_list(request: HttpRequest, region: RegionFilter | None = None) -> Any:
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


class MentorIn(InputSchema):
    office_id: Id
    username: str = Field(max_length=150, pattern=r"^[-a-zA-Z0-9_]+$")
    first_name: str = Field(max_length=150)
    last_name: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    sectors: list[EnterpriseSector] = Field([], max_length=20)
    capacity: int = Field(10, ge=1, le=500)


class MentorCreatedOut(Schema):
    mentor: MentorOut
    temporary_password: str


class MentorPatch(InputSchema):
    """Only the fields sent change; a field left out keeps its value (null is refused)."""

    sectors: list[EnterpriseSector] = omittable(max_length=20)
    capacity: int = omittable(ge=1, le=500)
    active: bool = omittable()


class ReassignIn(InputSchema):
    mentor_id: Id
    reason: str = Field(min_length=1, max_length=500)


class MatchOut(Schema):
    assigned: int
    gaps: dict[str, int]


@router.post("/mentors", response={201: MentorCreatedOut})
def mentor_create(request: HttpRequest, payload: MentorIn) -> Any:
    """The regency/city office's admin registers a mentor; the temporary password is returned once."""
    user = _user(request)
    office = access.get_office_for_mentors(user, payload.office_id)
    mentor, password = mentors.mentor_account_create(
        actor=user, office=office, username=payload.username, first_name=payload.first_name,
        last_name=payload.last_name, email=payload.email, sectors=[sector.value for sector in payload.sectors],
        capacity=payload.capacity,
    )  # fmt: skip
    return Status(201, {"mentor": mentor, "temporary_password": password})


@router.patch("/mentors/{mentor_id}", response=MentorOut)
def mentor_update(request: HttpRequest, mentor_id: Id, payload: MentorPatch) -> Any:
    """Sectors, capacity (never below the active mentees) or active (only without mentees)."""
    user = _user(request)
    mentor = access.get_mentor_for_user(user, mentor_id, write=True)
    return mentors.mentor_update(
        actor=user, mentor=mentor,
        sectors=mentor.sectors if payload.sectors is None else [sector.value for sector in payload.sectors],
        capacity=mentor.capacity if payload.capacity is None else payload.capacity,
        active=mentor.active if payload.active is None else payload.active,
    )  # fmt: skip


@router.post("/mentor-assignments/match", response=MatchOut)
def assignment_match(request: HttpRequest) -> Any:
    """Match the graduates without a mentor in the regencies/cities the caller administers."""
    user = _user(request)
    require(access.can_match_graduates(user))
    report = matching.graduates_match(actor=user, regency_codes=access.regencies_administered_by(user))
    return {"assigned": report.assigned, "gaps": dict(report.gaps)}


@router.post("/mentor-assignments/{assignment_id}/reassign", response=MentorAssignmentOut)
def assignment_reassign(request: HttpRequest, assignment_id: Id, payload: ReassignIn) -> Any:
    """Move a mentee to another mentor of the same regency/city, with a reason (the regency admin)."""
    user = _user(request)
    assignment = get_object_or_404(
        access.assignments_for_user(user).filter(ended_at__isnull=True), pk=assignment_id
    )
    access.get_mentor_for_user(user, assignment.mentor_id, write=True)
    target = get_object_or_404(access.mentors_for_user(user), pk=payload.mentor_id)
    return matching.reassign(actor=user, assignment=assignment, mentor=target, reason=payload.reason)


class ActionItem(InputSchema):
    text: str = Field(max_length=300)
    due: IsoDate


class VisitOut(Schema):
    id: int
    mentor_id: int
    enterprise_id: int
    status: str
    date: date
    mode: str
    topics: str
    problems: str
    actions: list[ActionItem]
    report_id: int | None
    regency_code: str


class VisitIn(InputSchema):
    enterprise_id: Id
    date: IsoDate
    mode: Literal["visit", "call", "online"]
    planned: bool = False
    topics: str = Field("", max_length=4000)
    problems: str = Field("", max_length=4000)
    actions: list[ActionItem] = Field([], max_length=50)
    omzet: Rupiah | None = None
    aset: Rupiah | None = None
    workers: Count | None = None


@router.get("/visits", response=list[VisitOut])
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def visit_list(
    request: HttpRequest, enterprise: Id | None = None, status: str | None = Query(None, max_length=20)
) -> Any:
    """A mentor's own visits; admins and viewers their region's; a participant their enterprise's."""
    queryset = access.visits_for_user(_user(request))
    if enterprise is not None:
        queryset = queryset.filter(enterprise_id=enterprise)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-date", "-id")


@router.post("/visits", response={201: VisitOut})
@decorate_view(idempotent)
def visit_create(request: HttpRequest, payload: VisitIn) -> Any:
    """A mentor logs (or plans) a visit to one of their mentees, optionally with the figures collected."""
    user = _user(request)
    mentor = access.require_mentor(user)
    enterprise = access.mentee_for_mentor(mentor, payload.enterprise_id)
    visit: Visit = visits.visit_log(
        actor=user, mentor=mentor, enterprise=enterprise, visit_date=payload.date, mode=payload.mode,
        topics=payload.topics, problems=payload.problems, planned=payload.planned,
        actions=[{"text": item.text, "due": item.due} for item in payload.actions],
        figures={"omzet": payload.omzet, "aset": payload.aset, "workers": payload.workers},
    )  # fmt: skip
    return Status(201, visit)


class ConsultationMessageOut(Schema):
    id: int
    author: str
    body: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj: Any) -> str:
        return str(obj.author)


class ConsultationOut(Schema):
    id: int
    enterprise_id: int
    mentor_id: int | None
    category: str
    description: str
    status: str
    opened_at: datetime
    response_due_on: date
    first_response_at: datetime | None
    escalation: int
    closed_at: datetime | None
    regency_code: str
    has_photo: bool

    @staticmethod
    def resolve_has_photo(obj: Any) -> bool:
        return bool(obj.photo)


class ConsultationDetailOut(ConsultationOut):
    messages: list[ConsultationMessageOut]

    @staticmethod
    def resolve_messages(obj: Any) -> list[Any]:
        return list(obj.messages.select_related("author"))


class ConsultationIn(InputSchema):
    enterprise_id: Id
    category: Literal["marketing", "finance", "production", "legal", "digital", "other"]
    description: str = Field(min_length=10, max_length=4000)


class MessageIn(InputSchema):
    body: str = Field(min_length=1, max_length=4000)


@router.get("/consultations", response=list[ConsultationOut])
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def consultation_list(
    request: HttpRequest,
    status: str | None = Query(None, max_length=20),
    overdue: bool = False,
    region: RegionFilter | None = None,
) -> Any:
    """A participant's own, a mentor's mentees', staff their region's; `overdue` keeps the unanswered past due."""
    from naikkelas.mentoring.selectors import consultation_queue

    queryset = consultation_queue(_user(request), status=status or "", overdue=overdue)
    if region:
        queryset = queryset.filter(regency_code__startswith=region)
    return queryset


@router.post("/consultations", response={201: ConsultationDetailOut})
def consultation_create(request: HttpRequest, payload: ConsultationIn) -> Any:
    """A participant asks their mentor for help (photos go through the page, which checks them)."""
    user = _user(request)
    enterprise = access.get_enterprise_to_consult(user, payload.enterprise_id)
    consultation: Consultation = consultations.consultation_open(
        actor=user, enterprise=enterprise, category=payload.category, description=payload.description
    )
    return Status(201, consultation)


@router.get("/consultations/{consultation_id}", response=ConsultationDetailOut)
def consultation_detail(request: HttpRequest, consultation_id: Id) -> Any:
    return access.get_consultation_for_user(_user(request), consultation_id)


@router.post("/consultations/{consultation_id}/messages", response={201: ConsultationDetailOut})
@decorate_view(idempotent)
def consultation_message(request: HttpRequest, consultation_id: Id, payload: MessageIn) -> Any:
    """An answer (mentor, admin of the region) or a further question (the participant)."""
    user = _user(request)
    consultation = access.get_consultation_for_user(user, consultation_id, write=True)
    consultations.consultation_reply(actor=user, consultation=consultation, body=payload.body)
    consultation.refresh_from_db()
    return Status(201, consultation)


@router.post("/consultations/{consultation_id}/close", response=ConsultationDetailOut)
def consultation_close(request: HttpRequest, consultation_id: Id) -> Any:
    user = _user(request)
    consultation = access.get_consultation_for_user(user, consultation_id, write=True)
    return consultations.consultation_close(actor=user, consultation=consultation)


class HandOverIn(InputSchema):
    mentor_id: Id
    reason: str = Field(min_length=1, max_length=300)


@router.post("/consultations/{consultation_id}/hand-over", response=ConsultationDetailOut)
def consultation_hand_over(request: HttpRequest, consultation_id: Id, payload: HandOverIn) -> Any:
    """Its mentor hands the consultation to a colleague; an admin of the region (the province for an
    escalated one) reassigns it. The mentor must be one the page offers."""
    user = _user(request)
    consultation = access.get_consultation_for_user(user, consultation_id)
    access.require_hand_over(user, consultation)
    mentor = next((m for m in access.handover_mentors(user, consultation) if m.pk == payload.mentor_id), None)
    if mentor is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"mentor_id": [_("Pilih pendamping yang akan menerima konsultasi ini.")]})
    return consultations.consultation_hand_over(
        actor=user, consultation=consultation, mentor=mentor, reason=payload.reason
    )


class FigureOut(Schema):
    period: date
    omzet: int
    aset: int
    workers: int
    source: str


class FollowUpOut(Schema):
    id: int
    enterprise_id: int
    program_id: int
    group: str
    month_offset: int
    due_on: date
    status: str
    via: str
    reported_at: datetime | None
    jump_confirmed: bool
    report: FigureOut | None
    regency_code: str


class FollowUpIn(InputSchema):
    omzet: Rupiah
    aset: Rupiah
    workers: Count
    confirm_jump: bool = False


@router.get("/follow-ups", response=list[FollowUpOut])
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def followup_list(
    request: HttpRequest,
    status: str | None = Query(None, max_length=20),
    group: str | None = Query(None, max_length=20),
    program: Id | None = None,
    due_before: IsoDate | None = None,
) -> Any:
    """Follow-ups in the caller's view: a participant's own, a mentor's mentees', staff their region's."""
    from naikkelas.mentoring.selectors import followup_list as listed

    queryset = listed(_user(request), status=status or "", group=group or "")
    if program is not None:
        queryset = queryset.filter(program_id=program)
    if due_before is not None:
        queryset = queryset.filter(due_on__lt=due_before)
    return queryset


class RemindIn(InputSchema):
    regency: str = Field(pattern=r"^\d{2}\.\d{2}$", description="the regency/city code, e.g. 33.74")


class RemindedOut(Schema):
    reminded: int


@router.post("/follow-ups/remind-overdue", response=RemindedOut)
def followups_remind_overdue(request: HttpRequest, payload: RemindIn) -> dict[str, int]:
    """An admin of the region reminds every overdue follow-up of one regency/city (a fresh link each, at
    most once a day)."""
    user = _user(request)
    access.require_remind_followups(user, payload.regency)
    return {"reminded": followups.followups_remind_overdue(actor=user, regency_code=payload.regency)}


@router.post("/follow-ups/{followup_id}/correct", response=FollowUpOut)
def followup_correct(request: HttpRequest, followup_id: Id, payload: FollowUpIn) -> Any:
    """The owner corrects a typo in the figures she sent, within FOLLOWUP_CORRECTION_HOURS."""
    user = _user(request)
    followup = access.get_followup_for_user(user, followup_id)
    access.require_correct_followup(user, followup)
    return followups.followup_correct(
        actor=user, followup=followup, omzet=payload.omzet, aset=payload.aset, workers=payload.workers,
        confirm_jump=payload.confirm_jump,
    )  # fmt: skip


@router.post("/follow-ups/{followup_id}/report", response=FollowUpOut)
@decorate_view(idempotent)
def followup_report(request: HttpRequest, followup_id: Id, payload: FollowUpIn) -> Any:
    """The mentor (or a regency admin) enters the figures; a jump needs `confirm_jump`."""
    user = _user(request)
    followup = access.get_followup_for_user(user, followup_id, write=True)
    via = access.followup_entry_via(user)
    return followups.followup_report(
        actor=user, followup=followup, omzet=payload.omzet, aset=payload.aset, workers=payload.workers,
        via=via, confirm_jump=payload.confirm_jump,
    )  # fmt: skip
