"""Training in the API: rosters, schedules and attendance, with the pages' access rules."""

from datetime import date
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from naikkelas.core.idempotency import idempotent
from naikkelas.core.pagination import PageNumberPagination
from naikkelas.core.schemas import Id, InputSchema, IsoDate, LocalTime
from naikkelas.training import access
from naikkelas.training.models import Attendance, Enrolment, Session
from naikkelas.training.services import attendance, graduation

router = Router(tags=["training"])


class EnrolmentOut(Schema):
    id: int
    batch_id: int
    application_id: int
    status: str
    dropped_reason: str


class SessionOut(Schema):
    id: int
    batch_id: int
    date: date
    start_time: LocalTime
    end_time: LocalTime
    topic: str


class AttendanceOut(Schema):
    enrolment_id: int
    date: date
    present: bool


class AttendanceIn(InputSchema):
    enrolment: Id
    date: IsoDate
    present: bool
    reason: str = Field("", max_length=200, description="needed once the batch's certificates are issued")


class AllPresentIn(InputSchema):
    date: IsoDate


class CountOut(Schema):
    marked: int


def _user(request: HttpRequest) -> Any:
    return request.user


@router.get("/enrolments", response=list[EnrolmentOut])
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def enrolment_list(request: HttpRequest, batch: Id | None = None) -> QuerySet[Enrolment]:
    queryset = access.enrolments_for_user(_user(request))
    return (queryset.filter(batch_id=batch) if batch else queryset).order_by("batch_id", "id")


@router.get("/sessions", response=list[SessionOut])
@paginate(PageNumberPagination, page_size=50)
def session_list(request: HttpRequest, batch: Id) -> QuerySet[Session]:
    the_batch = access.get_training_batch_for_user(_user(request), batch)
    return the_batch.sessions.order_by("date", "start_time")


@router.get("/attendance", response=list[AttendanceOut])
@paginate(PageNumberPagination, page_size=100, max_page_size=1000)
def attendance_list(request: HttpRequest, batch: Id, date: IsoDate | None = None) -> QuerySet[Attendance]:
    user = _user(request)
    the_batch = access.get_training_batch_for_user(user, batch)
    queryset = access.attendance_for_user(user).filter(enrolment__batch=the_batch)
    return (queryset.filter(date=date) if date else queryset).order_by("date", "enrolment_id")


@router.post("/attendance", response=AttendanceOut)
@decorate_view(idempotent)
def attendance_mark(request: HttpRequest, payload: AttendanceIn) -> Attendance:
    """Mark one participant for one day (the batch's trainers and organising admins only)."""
    user = _user(request)
    enrolment = (
        access.enrolments_for_user(user)
        .select_related("batch__organiser")
        .filter(pk=payload.enrolment)
        .first()
    )
    if enrolment is None:
        raise Http404
    access.get_training_batch_for_user(user, enrolment.batch_id, write=True)
    return attendance.attendance_mark(
        actor=user, enrolment=enrolment, day=payload.date, present=payload.present, reason=payload.reason
    )


@router.post("/batches/{batch_id}/attendance/all-present", response=CountOut)
@decorate_view(idempotent)
def attendance_all_present(request: HttpRequest, batch_id: Id, payload: AllPresentIn) -> dict[str, int]:
    user = _user(request)
    the_batch = access.get_training_batch_for_user(user, batch_id, write=True)
    return {"marked": attendance.attendance_all_present(actor=user, batch=the_batch, day=payload.date)}


class CertificateProgressOut(Schema):
    issued: int
    graduates: int
    done: bool


def _progress(batch: Any) -> dict[str, Any]:
    from naikkelas.training.services.certificates import certificates_progress

    issued, graduates = certificates_progress(batch)
    return {"issued": issued, "graduates": graduates, "done": issued >= graduates}


@router.post("/batches/{batch_id}/certificates/issue", response={202: CertificateProgressOut})
def certificates_issue(request: HttpRequest, batch_id: Id) -> Any:
    """Issue a certificate to every graduate without one, in the background; follow the progress below."""
    from ninja import Status

    from naikkelas.training.services.certificates import certificates_issue_later

    user = _user(request)
    batch = access.get_training_batch_for_user(user, batch_id)
    access.require_issue_certificates(user, batch)
    certificates_issue_later(actor=user, batch=batch)
    return Status(202, _progress(batch))


@router.get("/batches/{batch_id}/certificates/progress", response=CertificateProgressOut)
def certificates_progress(request: HttpRequest, batch_id: Id) -> dict[str, Any]:
    user = _user(request)
    batch = access.get_training_batch_for_user(user, batch_id)
    access.require_issue_certificates(user, batch)
    return _progress(batch)


class CertificateOut(Schema):
    id: int
    code: str
    number: str
    issued_on: date
    revoked: bool

    @staticmethod
    def resolve_revoked(obj: Any) -> bool:
        return obj.revoked_at is not None


class VerificationOut(Schema):
    status: str
    holder: str
    enterprise: str
    level: str
    batch: str
    start_date: str
    end_date: str
    issued_on: str
    number: str
    revoked_reason: str


@router.get("/certificates/verify/{code}", response=VerificationOut, auth=None)
def certificate_verify(request: HttpRequest, code: Annotated[str, Field(max_length=64)]) -> Any:
    """Public, no login: is this certificate code real and valid? Never returns the NIK."""
    from naikkelas.training.services.certificates import certificate_verify as verify

    return verify(code)


@router.get("/certificates", response=list[CertificateOut])
@paginate(PageNumberPagination, page_size=50)
def certificate_list(request: HttpRequest, batch: Id | None = None) -> Any:
    queryset = access.certificates_for_user(_user(request))
    return (queryset.filter(enrolment__batch_id=batch) if batch else queryset).order_by("number")


class AssignmentOut(Schema):
    id: int
    batch_id: int
    title: str
    instructions: str
    wants_text: bool
    wants_files: bool
    figure_fields: list[dict[str, str]]
    due_on: date


class SubmissionOut(Schema):
    id: int
    assignment_id: int
    enrolment_id: int
    text: str
    figures: dict[str, int]
    status: str
    score: int | None
    feedback: str
    files: list[int]

    @staticmethod
    def resolve_files(obj: Any) -> list[int]:
        return [stored.pk for stored in obj.files.all()]


class SubmissionIn(InputSchema):
    text: str = Field("", max_length=20000)
    figures: dict[str, Annotated[str, Field(max_length=30)]] = Field({}, max_length=50)


class GradeIn(InputSchema):
    status: Literal["pass", "revise", "fail"]
    score: int | None = Field(None, ge=0, le=100)
    feedback: str = Field("", max_length=4000)


class GraduationRowOut(Schema):
    enrolment_id: int
    graduates: bool
    criteria: list[dict[str, Any]]


@router.get("/assignments", response=list[AssignmentOut])
@paginate(PageNumberPagination, page_size=50)
def assignment_list(request: HttpRequest, batch: Id) -> Any:
    """A batch's assignments, for its staff and its participants."""
    user = _user(request)
    enrolled = Enrolment.objects.filter(application__person__user_id=user.pk, batch_id=batch).exists()
    if not enrolled:
        access.get_training_batch_for_user(user, batch)
    from naikkelas.training.models import Assignment

    return Assignment.objects.filter(batch_id=batch).order_by("due_on", "id")


@router.get("/submissions", response=list[SubmissionOut])
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def submission_list(
    request: HttpRequest,
    batch: Id | None = None,
    status: Literal["submitted", "pass", "revise", "fail"] | None = None,
) -> Any:
    """Submissions the caller may see: a trainer's batches, or the participant's own; status=submitted
    lists those waiting for a grade, in the page's "next ungraded" order."""
    queryset = access.submissions_for_user(_user(request)).prefetch_related("files")
    if batch:
        queryset = queryset.filter(assignment__batch_id=batch)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by(
        "assignment__due_on", "assignment_id", "enrolment__application__person__name", "id"
    )


@router.post("/assignments/{assignment_id}/submission", response=SubmissionOut)
def submission_save(request: HttpRequest, assignment_id: Id, payload: SubmissionIn) -> Any:
    """The participant's text and figures (files are uploaded through the page, which checks them)."""
    from naikkelas.training.services import assignments

    user = _user(request)
    assignment, _enrolment = access.get_participant_assignment(user, assignment_id)
    return assignments.submission_save(
        actor=user, assignment=assignment, text=payload.text, figures=payload.figures, uploads=[]
    )


@router.post("/submissions/{submission_id}/grade", response=SubmissionOut)
def submission_grade(request: HttpRequest, submission_id: Id, payload: GradeIn) -> Any:
    """The batch's trainer grades: pass, revise or fail."""
    from naikkelas.training.services import assignments

    user = _user(request)
    submission = access.get_submission_for_user(user, submission_id, write=True)
    return assignments.submission_grade(
        actor=user,
        submission=submission,
        status=payload.status,
        score=payload.score,
        feedback=payload.feedback,
    )


@router.get("/batches/{batch_id}/graduation", response=list[GraduationRowOut])
def graduation_preview(request: HttpRequest, batch_id: Id) -> list[dict[str, Any]]:
    """The level's graduation criteria evaluated for every participant (nothing saved)."""
    batch = access.get_training_batch_for_user(_user(request), batch_id, write=True)
    return [
        {
            "enrolment_id": enrolment.pk,
            "graduates": all(c.passed for c in criteria),
            "criteria": [c.as_json() for c in criteria],
        }
        for enrolment, criteria in graduation.graduation_preview(batch=batch)
    ]


@router.post("/batches/{batch_id}/graduation", response=CountOut)
def graduation_confirm(request: HttpRequest, batch_id: Id) -> dict[str, int]:
    """The organiser's admin confirms graduation; returns how many graduated."""
    from naikkelas.programs.access import require_manage

    user = _user(request)
    batch = access.get_training_batch_for_user(user, batch_id)
    require_manage(user, batch.organiser)
    return {"marked": graduation.graduation_confirm(actor=user, batch=batch)}
