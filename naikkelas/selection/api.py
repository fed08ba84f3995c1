"""Applications, reviews and the selection run in the API, behind the same access rules as the pages."""

from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Strict

from naikkelas.core.pagination import PageNumberPagination
from naikkelas.core.schemas import (
    Component,
    Count,
    DistrictCode,
    Id,
    InputSchema,
    IsoDate,
    RegionFilter,
    Rupiah,
)
from naikkelas.programs.access import get_batch_for_user
from naikkelas.regions.models import Region, subtree_q
from naikkelas.registry.api import EnterpriseSector, Nib, Nik
from naikkelas.registry.rules import phone_to_e164
from naikkelas.selection import access
from naikkelas.selection.models import Application, Review
from naikkelas.selection.services import applications as application_services
from naikkelas.selection.services import pathway, runs
from naikkelas.selection.services.applications import ApplicationInput

router = Router(tags=["selection"])

ApplicationStatus = Annotated[Application.Status, Strict(False), Component("ApplicationStatus")]
Score = Annotated[int, Field(ge=1, le=5)]


class RuleOut(Schema):
    rule: str
    passed: bool
    reason_id: str
    reason_en: str


class ApplicationOut(Schema):
    id: int
    batch_id: int
    enterprise_id: int
    status: ApplicationStatus
    rules: list[RuleOut]
    recommended_rank: int | None
    score: Decimal | None
    rank: int | None
    decision_reason: str
    consent_purpose: str = Field(
        ...,
        description="the data-processing consent agreed to, verbatim in Indonesian (names the program's "
        "last follow-up month)",
    )
    consent_version: str = Field(
        ..., description="its text version, e.g. 2026-12/m24 (m: the last follow-up month)"
    )
    entered_by_id: int | None = Field(
        None, description="the staff member who typed in a paper form; null: the applicant's own form"
    )

    @staticmethod
    def resolve_rules(obj: Application) -> list[dict[str, Any]]:
        return obj.eligibility


class ApplicationFilters(Schema):
    program: Id | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    level: int | None = Field(None, ge=1, le=10, description="the level's rank (1 = Dasar)")
    batch: Id | None = None
    region: RegionFilter | None = None
    status: ApplicationStatus | None = None


class ReviewOut(Schema):
    id: int
    application_id: int
    scores: dict[str, int]
    comment: str
    total: Decimal | None


class ReviewIn(InputSchema):
    scores: dict[str, Score] = Field(..., description="1–5 for each criterion of the level's rubric")
    comment: str = Field("", max_length=4000)


class OutcomeOut(Schema):
    selected: list[int]
    waitlisted: list[int]
    rejected: list[int]


class PublishOut(Schema):
    messages_queued: int


def _user(request: HttpRequest) -> Any:
    return request.user


@router.get("/applications", response=list[ApplicationOut])
@paginate(PageNumberPagination, page_size=25, max_page_size=200)
def application_list(request: HttpRequest, filters: Query[ApplicationFilters]) -> QuerySet[Application]:
    """Applications in the caller's scope, each with its rule results; `level` is the level's rank."""
    queryset = access.applications_for_user(_user(request))
    if filters.program:
        queryset = queryset.filter(batch__level__program_id=filters.program)
    if filters.year:
        queryset = queryset.filter(batch__level__program__year=filters.year)
    if filters.level:
        queryset = queryset.filter(level__rank=filters.level)
    if filters.batch:
        queryset = queryset.filter(batch_id=filters.batch)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.region:
        region = Region.objects.filter(code=filters.region).first()
        if region is None:
            raise ValidationError({"region": [_("Kode wilayah tidak dikenal.")]})
        # an application's district is its enterprise's
        queryset = queryset.filter(subtree_q(region, district="enterprise__district"))
    return queryset.order_by("batch_id", "rank", "id")


class ApplicationIn(InputSchema):
    """A paper form typed in by staff (or sent by an office's own portal): the public form's fields."""

    batch_id: Id
    nik: Nik
    name: str = Field(..., min_length=1, max_length=150)
    phone: str = Field(..., min_length=1, max_length=20, description="Nomor WhatsApp, contoh 0812 3456 7890")
    email: str = Field("", max_length=254)
    enterprise_name: str = Field(..., min_length=1, max_length=200)
    nib: Nib = ""
    sector: EnterpriseSector
    district: DistrictCode
    started_on: IsoDate
    period: IsoDate = Field(..., description="any day of the month the figures are for")
    omzet: Rupiah
    aset: Rupiah
    workers: Count
    consent: bool = Field(..., description="the applicant signed the consent on the paper form")
    followup_consent: bool = False
    omzet_month_before: Rupiah | None = Field(
        None, description="turnover of the month before `period` (optional)"
    )
    omzet_two_months_before: Rupiah | None = Field(None, description="turnover two months before `period`")
    answers: list[Annotated[str, Field(max_length=2000)]] = Field([], max_length=20)
    channels: list[Literal["whatsapp", "sms", "email"]] | None = Field(
        None,
        description="the channels the applicant ticked for our messages (reminders, results); "
        "omitted: not asked, nothing recorded; [] records a no on each channel she has an address on",
    )


def _application_input(payload: ApplicationIn) -> ApplicationInput:
    """The payload as the form would hand it over: phone in E.164, the email checked, the district found."""
    errors: dict[str, list[str]] = {}
    try:
        phone = phone_to_e164(payload.phone)
    except ValueError as error:
        errors["phone"] = [str(error)]
    email = payload.email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Alamat email tidak valid.")]
    district = Region.objects.filter(code=payload.district, kind=Region.Kind.DISTRICT).first()
    if district is None:
        errors["district"] = [_("Kode kecamatan %(code)s tidak dikenal.") % {"code": payload.district}]
    if errors:
        raise ValidationError(errors)
    assert district is not None
    return ApplicationInput(
        nik=payload.nik, name=payload.name.strip(), phone=phone, email=email, district=district,
        enterprise_name=payload.enterprise_name, nib=payload.nib, sector=payload.sector.value,
        started_on=payload.started_on, period=payload.period.replace(day=1), omzet=payload.omzet,
        aset=payload.aset, workers=payload.workers, consent=payload.consent, answers=payload.answers,
        followup_consent=payload.followup_consent, omzet_month_before=payload.omzet_month_before,
        omzet_two_months_before=payload.omzet_two_months_before,
        channels=list(payload.channels) if payload.channels is not None else None,
    )  # fmt: skip


@router.post("/applications", response={201: ApplicationOut})
def application_create(request: HttpRequest, payload: ApplicationIn) -> Status:
    """Staff enter a paper form for an applicant, with the public form's rules (one live application per
    person per level, the application window, the motivation answers, the organiser's districts) but
    without the code to the contact on record; recorded as entered by the caller. Only the batch
    organiser's admins (an office's portal token too, for that office's batches): another office's batch
    in scope 403, outside scope 404. 422 names the field."""
    user = _user(request)
    batch = access.get_batch_for_paper_entry(user, payload.batch_id)
    application, _token = application_services.application_enter(
        actor=user, batch=batch, data=_application_input(payload)
    )
    return Status(201, application)


@router.get("/applications/{application_id}", response=ApplicationOut)
def application_detail(request: HttpRequest, application_id: Id) -> Application:
    return access.get_application_for_user(_user(request), application_id)


@router.get("/reviews", response=list[ReviewOut])
@paginate(PageNumberPagination, page_size=25)
def review_list(request: HttpRequest) -> QuerySet[Review]:
    """The caller's own review assignments."""
    return access.reviews_for_user(_user(request)).order_by("submitted_at", "id")


@router.post("/reviews/{review_id}", response=ReviewOut)
def review_submit(request: HttpRequest, review_id: Id, payload: ReviewIn) -> Review:
    review = access.get_review_for_user(_user(request), review_id, write=True)
    return runs.review_submit(
        reviewer=_user(request), review=review, scores=payload.scores, comment=payload.comment
    )


@router.get("/batches/{batch_id}/selection/preview", response=OutcomeOut)
def selection_preview(request: HttpRequest, batch_id: Id) -> runs.scoring.Outcome:
    return runs.selection_preview(batch=get_batch_for_user(_user(request), batch_id, write=True))


@router.post("/batches/{batch_id}/selection/run", response=OutcomeOut)
def selection_run(request: HttpRequest, batch_id: Id) -> runs.scoring.Outcome:
    batch = get_batch_for_user(_user(request), batch_id, write=True)
    return runs.selection_run(actor=_user(request), batch=batch)


@router.post("/batches/{batch_id}/selection/publish", response=PublishOut)
def selection_publish(request: HttpRequest, batch_id: Id) -> dict[str, int]:
    batch = get_batch_for_user(_user(request), batch_id, write=True)
    return {"messages_queued": runs.selection_publish(actor=_user(request), batch=batch)}


class NominationIn(InputSchema):
    from_batch: Id
    to_batch: Id
    applications: list[Id] = Field([], max_length=1000, description="left empty with all_eligible")
    all_eligible: bool = Field(False, description="every graduate of from_batch that can still be nominated")


@router.get("/nominations", response=list[ApplicationOut])
@paginate(PageNumberPagination, page_size=25, max_page_size=200)
def nomination_list(request: HttpRequest, to_batch: Id | None = None) -> QuerySet[Application]:
    """Applications that a regency/city office nominated to the next level."""
    queryset = access.applications_for_user(_user(request)).filter(nominated_by__isnull=False)
    return queryset.filter(batch_id=to_batch) if to_batch else queryset.order_by("batch_id", "id")


@router.post("/nominations", response={201: list[ApplicationOut]})
def nomination_create(request: HttpRequest, payload: NominationIn) -> Any:
    """Nominate graduates of a batch the caller organises to a province batch of the next level."""
    user = _user(request)
    from_batch = get_batch_for_user(user, payload.from_batch, write=True)
    to_batch = get_batch_for_user(user, payload.to_batch)
    applications = Application.objects.filter(pk__in=payload.applications, batch=from_batch).select_related(
        "enterprise"
    )
    if payload.all_eligible:
        applications = pathway.nomination_candidates(from_batch)  # type: ignore[assignment]
    created = pathway.nominate(
        actor=user, organisation=from_batch.organiser, from_batch=from_batch, to_batch=to_batch,
        applications=list(applications),
    )  # fmt: skip
    return Status(201, created)
