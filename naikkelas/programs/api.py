"""Programs, levels and batches in the API: public reads for programs and levels, scoped batches."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from naikkelas.accounts.models import Organisation
from naikkelas.core.pagination import PageNumberPagination
from naikkelas.core.schemas import INT_MAX, Id, InputSchema, IsoDate
from naikkelas.programs import access, services
from naikkelas.programs.models import Batch, Level, Program

router = Router(tags=["programs"])


class ProgramOut(Schema):
    id: int
    name: str
    year: int
    owner_id: int


class LevelOut(Schema):
    id: int
    program_id: int
    rank: int
    name: str
    tier: str
    duration_days: int
    min_business_months: int
    min_omzet: int
    requires_nib: bool
    max_size_class: str
    motivation_questions: list[str]


class BatchOut(Schema):
    id: int
    level_id: int
    organiser_id: int
    title: str
    venue: str
    start_date: date
    end_date: date
    capacity: int
    opens_on: date
    closes_on: date
    published: bool

    @staticmethod
    def resolve_published(obj: Batch) -> bool:
        return obj.is_published


class BatchIn(InputSchema):
    level_id: Id
    organiser_id: Id
    title: str = Field(..., min_length=1, max_length=200)
    venue: str = Field("", max_length=200)
    start_date: IsoDate
    capacity: int = Field(..., ge=1, le=100_000)
    opens_on: IsoDate
    closes_on: IsoDate


class BatchPatch(InputSchema):
    """Only the fields sent change. Title and venue at any time; dates and capacity until the selection
    results are published (after that: 422 naming the field)."""

    title: str | None = Field(None, max_length=200)
    venue: str | None = Field(None, max_length=200)
    start_date: IsoDate | None = None
    capacity: int | None = Field(None, ge=1, le=INT_MAX)
    opens_on: IsoDate | None = None
    closes_on: IsoDate | None = None


def _user(request: HttpRequest) -> Any:
    return request.user


@router.get("/programs", response=list[ProgramOut])
@paginate(PageNumberPagination, page_size=25)
def program_list(request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100)) -> QuerySet[Program]:
    queryset = access.programs_for_user(_user(request))
    return queryset.filter(year=year) if year else queryset


@router.get("/programs/{program_id}", response=ProgramOut)
def program_detail(request: HttpRequest, program_id: Id) -> Program:
    program = access.programs_for_user(_user(request)).filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program


@router.get("/levels", response=list[LevelOut])
@paginate(PageNumberPagination, page_size=25)
def level_list(request: HttpRequest, program: Id | None = None) -> QuerySet[Level]:
    queryset = access.levels_for_user(_user(request))
    return queryset.filter(program_id=program) if program else queryset


@router.get("/batches", response=list[BatchOut])
@paginate(PageNumberPagination, page_size=25, max_page_size=200)
def batch_list(
    request: HttpRequest,
    program: Id | None = None,
    level: int | None = Query(None, ge=1, le=10, description="the level's rank (1 = Dasar)"),
    year: int | None = Query(None, ge=2000, le=2100),
) -> QuerySet[Batch]:
    """Batches in the caller's scope; `level` is the level's rank."""
    queryset = access.batches_for_user(_user(request))
    if program:
        queryset = queryset.filter(level__program_id=program)
    if level:
        queryset = queryset.filter(level__rank=level)
    if year:
        queryset = queryset.filter(level__program__year=year)
    return queryset.order_by("-start_date", "id")


@router.get("/batches/{batch_id}", response=BatchOut)
def batch_detail(request: HttpRequest, batch_id: Id) -> Batch:
    return access.get_batch_for_user(_user(request), batch_id)


@router.post("/batches", response={201: BatchOut})
def batch_create(request: HttpRequest, payload: BatchIn) -> Status:
    """Open a batch; only an admin of the organising organisation may, and only of the level's tier."""
    user = _user(request)
    organiser = Organisation.objects.filter(pk=payload.organiser_id).first()
    level = Level.objects.filter(pk=payload.level_id).first()
    if organiser is None or level is None:
        raise ValidationError({"level_id": [_("Jenjang atau penyelenggara tidak ditemukan.")]})
    if not access.can_manage(user, organiser):
        raise PermissionDenied
    data = payload.dict(exclude={"level_id", "organiser_id"})
    return Status(201, services.batch_create(actor=user, level=level, organiser=organiser, **data))


@router.patch("/batches/{batch_id}", response=BatchOut)
def batch_update(request: HttpRequest, batch_id: Id, payload: BatchPatch) -> Batch:
    """Rename a batch, move its venue or (before publication) its dates and capacity: an admin of the
    organising organisation (403 for others who see it, 404 outside the caller's scope)."""
    user = _user(request)
    batch = access.get_batch_for_user(user, batch_id, write=True)
    data = payload.dict(exclude_unset=True)
    missing = [
        name
        for name in ("start_date", "capacity", "opens_on", "closes_on")
        if name in data and data[name] is None
    ]
    if missing:
        raise ValidationError({name: [_("Wajib diisi.")] for name in missing})
    for name in ("title", "venue"):  # null reads as empty: a venue may be cleared, a title may not
        if name in data and data[name] is None:
            data[name] = ""
    return services.batch_update(actor=user, batch=batch, **data)
