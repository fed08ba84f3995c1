"""Training in the API: rosters, schedules and attendance, with the pages' access rules."""

from datetime import date, time
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from naikkelas.training import access, services
from naikkelas.training.models import Attendance, Enrolment, Session

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
    start_time: time
    end_time: time
    topic: str


class AttendanceOut(Schema):
    enrolment_id: int
    date: date
    present: bool


class AttendanceIn(Schema):
    enrolment: int
    date: date
    present: bool


class AllPresentIn(Schema):
    date: date


class CountOut(Schema):
    marked: int


def _user(request: HttpRequest) -> Any:
    return request.user


@router.get("/enrolments", response=list[EnrolmentOut])
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def enrolment_list(request: HttpRequest, batch: int | None = None) -> QuerySet[Enrolment]:
    queryset = access.enrolments_for_user(_user(request))
    return (queryset.filter(batch_id=batch) if batch else queryset).order_by("batch_id", "id")


@router.get("/sessions", response=list[SessionOut])
@paginate(PageNumberPagination, page_size=50)
def session_list(request: HttpRequest, batch: int) -> QuerySet[Session]:
    the_batch = access.get_training_batch_for_user(_user(request), batch)
    return the_batch.sessions.order_by("date", "start_time")


@router.get("/attendance", response=list[AttendanceOut])
@paginate(PageNumberPagination, page_size=100, max_page_size=1000)
def attendance_list(request: HttpRequest, batch: int, date: date | None = None) -> QuerySet[Attendance]:
    the_batch = access.get_training_batch_for_user(_user(request), batch)
    queryset = Attendance.objects.filter(enrolment__batch=the_batch)
    return (queryset.filter(date=date) if date else queryset).order_by("date", "enrolment_id")


@router.post("/attendance", response=AttendanceOut)
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
    return services.attendance_mark(
        actor=user, enrolment=enrolment, day=payload.date, present=payload.present
    )


@router.post("/batches/{batch_id}/attendance/all-present", response=CountOut)
def attendance_all_present(request: HttpRequest, batch_id: int, payload: AllPresentIn) -> dict[str, int]:
    user = _user(request)
    the_batch = access.get_training_batch_for_user(user, batch_id, write=True)
    return {"marked": services.attendance_all_present(actor=user, batch=the_batch, day=payload.date)}


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
def certificate_verify(request: HttpRequest, code: str) -> Any:
    """Public, no login: is this certificate code real and valid? Never returns the NIK."""
    from naikkelas.training.certificates import certificate_verify as verify

    return verify(code)


@router.get("/certificates", response=list[CertificateOut])
@paginate(PageNumberPagination, page_size=50)
def certificate_list(request: HttpRequest, batch: int | None = None) -> Any:
    from naikkelas.training.models import Certificate

    queryset = Certificate.objects.filter(enrolment__in=access.enrolments_for_user(_user(request)))
    return (queryset.filter(enrolment__batch_id=batch) if batch else queryset).order_by("number")
