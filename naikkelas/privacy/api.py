"""The same rights over the API: a participant's own data, withdrawal and deletion request; admins' queue."""

from datetime import datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field, Strict

from naikkelas.core.pagination import PageNumberPagination
from naikkelas.core.schemas import Component, Id, InputSchema
from naikkelas.privacy import access, services
from naikkelas.privacy.models import DataRequest

router = Router(tags=["privacy"])

DataRequestKind = Annotated[DataRequest.Kind, Strict(False), Component("DataRequestKind")]
DataRequestStatus = Annotated[DataRequest.Status, Strict(False), Component("DataRequestStatus")]


class DataRequestOut(Schema):
    id: int
    person_id: int
    kind: DataRequestKind
    status: DataRequestStatus
    requested_at: datetime
    due_at: datetime
    handled_at: datetime | None
    note: str


class RefuseIn(InputSchema):
    note: str = Field(..., min_length=1, max_length=2000)


class ErrorOut(Schema):
    detail: str


def _user(request: HttpRequest) -> Any:
    return request.user


@router.get("/me/data", response=dict[str, list[dict[str, Any]]])
def my_data(request: HttpRequest) -> dict[str, list[dict[str, Any]]]:
    """Everything held about the signed-in participant (UU 27/2022: the right to a copy). 403 for staff
    without a person record."""
    person = access.own_person(_user(request))
    services.copy_handed_over(person=person, actor=_user(request))
    return services.subject_data(person)


class FieldOut(Schema):
    label: str
    value: str


class RecordOut(Schema):
    title: str
    fields: list[FieldOut]


class SectionOut(Schema):
    title: str
    records: list[RecordOut]


@router.get("/me/data/document", response=list[SectionOut])
def my_data_document(request: HttpRequest) -> list[dict[str, Any]]:
    """The same copy as a document, as the page shows it: each section's title and its rows, with labelled
    fields and values in words, in the request's language (Accept-Language). 403 for staff without a
    person record."""
    person = access.own_person(_user(request))
    return [
        {
            "title": title,
            "records": [
                {
                    "title": record.title,
                    "fields": [{"label": label, "value": value} for label, value in record.fields],
                }
                for record in section_records
            ],
        }
        for title, section_records in services.subject_document(person)
    ]


@router.post("/me/consent-withdrawal", response=DataRequestOut)
def my_consent_withdrawal(request: HttpRequest) -> DataRequest:
    """Stop follow-ups and publicity now."""
    return services.consent_withdraw(person=access.own_person(_user(request)), actor=_user(request))


@router.post("/me/deletion-request", response={201: DataRequestOut})
def my_deletion_request(request: HttpRequest) -> Status:
    """Ask to be deleted; an admin carries it out within PRIVACY_RESPONSE_HOURS."""
    return Status(201, services.deletion_request(person=access.own_person(_user(request))))


@router.get("/privacy/requests", response=list[DataRequestOut])
@paginate(PageNumberPagination, page_size=25, max_page_size=200)
def request_list(request: HttpRequest, status: DataRequestStatus | None = None) -> QuerySet[DataRequest]:
    """Requests of the people in the admin's region, soonest deadline first."""
    queryset = access.requests_for_user(_user(request))
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("due_at", "id")


@router.post("/privacy/requests/{request_id}/complete", response=DataRequestOut)
def request_complete(request: HttpRequest, request_id: Id) -> DataRequest:
    """Carry out the request (a deletion anonymises the person; it cannot be undone)."""
    return services.request_complete(
        request=access.get_request_for_user(_user(request), request_id), actor=_user(request)
    )


@router.post("/privacy/requests/{request_id}/refuse", response=DataRequestOut)
def request_refuse(request: HttpRequest, request_id: Id, payload: RefuseIn) -> DataRequest:
    return services.request_refuse(
        request=access.get_request_for_user(_user(request), request_id),
        actor=_user(request),
        note=payload.note,
    )
