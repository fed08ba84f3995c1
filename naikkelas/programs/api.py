"""Programs, levels (with their rubrics) and batches in the API, with the pages' access rules: staff read
their provinces' programs (another province: 404); the program owner's admins write (others: 403)."""

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from naikkelas.accounts.models import Organisation
from naikkelas.core.pagination import PageNumberPagination
from naikkelas.core.schemas import INT_MAX, Id, InputSchema, IsoDate, omittable
from naikkelas.programs import access, providers
from naikkelas.programs.models import Batch, Level, Program, RubricCriterion
from naikkelas.programs.services import batches, levels, programs

router = Router(tags=["programs"])


class ProgramOut(Schema):
    id: int
    name: str
    year: int
    owner_id: int
    status: str = Field(..., description="open: takes new batches; closed: its year is over")
    copied_from_id: int | None
    followup_months: list[int] = Field(..., description="months after graduation at which figures are due")
    followup_jump_factor: Decimal

    @staticmethod
    def resolve_followup_months(obj: Program) -> list[int]:
        return obj.followup_schedule


class ProgramIn(InputSchema):
    """A new program for a year; with `copy_from`, a copy of that program (its levels, rubric, graduation
    criteria, session and assignment templates and follow-up months; not its batches). `owner_id` may be
    left out when the caller administers one province training centre."""

    year: int = Field(..., ge=2000, le=2100)
    name: str = Field("", max_length=200, description="empty when copying: the source's name")
    copy_from: Id | None = Field(None, description="id of the program to copy")
    owner_id: Id | None = None


class ProgramPatch(InputSchema):
    """Only the fields sent change."""

    name: str = omittable(max_length=200)
    status: Literal["open", "closed"] = omittable()
    followup_months: list[int] = omittable(max_length=12)
    followup_jump_factor: float = omittable(ge=1, le=100)


class RubricCriterionOut(Schema):
    id: int
    key: str
    label: str
    description: str
    weight: int
    score_descriptions: list[str] = Field(..., description="what scores 1 to 5 mean, the first for 1")


class LevelOut(Schema):
    id: int
    program_id: int
    rank: int
    version: int
    open_for_batches: bool = Field(..., description="the current version of its rank, in an open program")
    applications: int = Field(..., description="applications so far; with any, eligibility is frozen")
    name: str
    tier: str
    duration_days: int
    min_business_months: int
    min_omzet: int
    requires_nib: bool
    max_size_class: str
    motivation_questions: list[str]
    min_days_attended: int
    min_assignments_passed_percent: int
    reviews_per_application: int
    review_disagreement: Decimal
    criteria: list[RubricCriterionOut]
    weight_total: int = Field(..., description="the rubric's weights summed; the level page warns until 100")
    weight_warning: str | None = Field(None, description="said while the weights do not total 100")

    @staticmethod
    def resolve_weight_total(obj: Level) -> int:
        return sum(criterion.weight for criterion in obj.criteria.all())

    @staticmethod
    def resolve_weight_warning(obj: Level) -> str | None:
        total = sum(criterion.weight for criterion in obj.criteria.all())
        if not total or total == 100:
            return None
        return _("Jumlah bobot rubrik %(total)s, bukan 100.") % {"total": total}

    @staticmethod
    def resolve_open_for_batches(obj: Level) -> bool:
        return obj.is_open

    @staticmethod
    def resolve_applications(obj: Level) -> int:
        counted: int | None = getattr(obj, "applications_counted", None)
        return providers.applications_count(obj) if counted is None else counted

    @staticmethod
    def resolve_criteria(obj: Level) -> list[RubricCriterion]:
        return list(obj.criteria.all())


class LevelSettings(InputSchema):
    name: str = omittable(max_length=100)
    duration_days: int = omittable(ge=1, le=30)
    min_business_months: int = omittable(ge=0, le=600)
    min_omzet: int = omittable(ge=0, le=10**15, description="whole rupiah per month")
    requires_nib: bool = omittable()
    max_size_class: Literal["micro", "small", "medium"] = omittable()
    motivation_questions: list[str] = omittable(max_length=20)
    min_days_attended: int = omittable(ge=0, le=30)
    min_assignments_passed_percent: int = omittable(ge=0, le=100)
    reviews_per_application: int = omittable(ge=1, le=10)
    review_disagreement: float = omittable(gt=0, le=4)


class LevelIn(LevelSettings):
    """The program's next level (its rank follows the last), with the default rubric; settings left out
    take their defaults."""

    program_id: Id
    name: str = Field(..., max_length=100)  # type: ignore[assignment]
    tier: Literal["regency", "province"]


class LevelPatch(LevelSettings):
    """Only the fields sent change. Once the level has applications, the eligibility settings
    (min_business_months, min_omzet, requires_nib, max_size_class) and the number of questions are
    refused (422 naming the field); make a new version (POST /levels/{id}/versions) to change them."""


class RubricCriterionIn(InputSchema):
    label: str = Field(..., max_length=100)
    description: str = Field("", max_length=1000)
    weight: int = Field(..., ge=1, le=100)
    score_descriptions: list[str] = Field(..., min_length=5, max_length=5)


class RubricCriterionPatch(InputSchema):
    """Only the fields sent change; wording at any time, the weight until the level has applications."""

    label: str = omittable(max_length=100)
    description: str = omittable(max_length=1000)
    weight: int = omittable(ge=1, le=100)
    score_descriptions: list[str] = omittable(min_length=5, max_length=5)


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

    title: str = omittable(max_length=200)
    venue: str = omittable(max_length=200)
    start_date: IsoDate = omittable()
    capacity: int = omittable(ge=1, le=INT_MAX)
    opens_on: IsoDate = omittable()
    closes_on: IsoDate = omittable()


def _user(request: HttpRequest) -> Any:
    return request.user


def _not_null(data: dict[str, Any], names: tuple[str, ...]) -> None:
    missing = [name for name in names if name in data and data[name] is None]
    if missing:
        raise ValidationError({name: [_("Wajib diisi.")] for name in missing})


@router.get("/programs", response=list[ProgramOut])
@paginate(PageNumberPagination, page_size=25)
def program_list(request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100)) -> QuerySet[Program]:
    """Programs of the provinces the caller works in, newest year first."""
    queryset = access.programs_for_user(_user(request)).order_by("-year", "name", "id")
    return queryset.filter(year=year) if year else queryset


@router.get("/programs/{program_id}", response=ProgramOut)
def program_detail(request: HttpRequest, program_id: Id) -> Program:
    return access.get_program_for_user(_user(request), program_id)


@router.post("/programs", response={201: ProgramOut})
def program_create(request: HttpRequest, payload: ProgramIn) -> Status:
    """A province admin creates a program for a year, or copies one (`copy_from`); copying a program
    into a year it was already copied into is refused (422 on `year`). Others: 403."""
    user = _user(request)
    access.require_program_owner(user)
    owners = access.program_owners_for(user)
    if payload.owner_id is not None:
        owner = owners.filter(pk=payload.owner_id).first()
        if owner is None:
            raise ValidationError({"owner_id": [_("Anda bukan admin balai provinsi ini.")]})
    elif owners.count() == 1:
        owner = owners.get()
    else:
        raise ValidationError({"owner_id": [_("Pilih balai provinsi pemilik program.")]})
    if payload.copy_from is not None:
        source = access.programs_for_user(user).filter(pk=payload.copy_from).first()
        if source is None:
            raise ValidationError({"copy_from": [_("Program yang disalin tidak ditemukan.")]})
        program = programs.program_copy(
            actor=user, source=source, year=payload.year, owner=owner, name=payload.name
        )
    else:
        program = programs.program_create(actor=user, name=payload.name, year=payload.year, owner=owner)
    return Status(201, program)


@router.patch("/programs/{program_id}", response=ProgramOut)
def program_update(request: HttpRequest, program_id: Id, payload: ProgramPatch) -> Program:
    """Rename, close (no new batches) or reopen a program, or set its follow-up schedule: the owner's
    admins (403 for others who see it, 404 outside the caller's provinces)."""
    user = _user(request)
    program = access.get_program_for_user(user, program_id, write=True)
    data = payload.dict(exclude_unset=True)
    _not_null(data, ("name", "status", "followup_months", "followup_jump_factor"))
    months = data.pop("followup_months", None)
    jump = data.pop("followup_jump_factor", None)
    jump = None if jump is None else Decimal(str(jump))  # a JSON number; the model keeps one decimal
    if months is not None or jump is not None:
        programs.program_followup_update(
            actor=user, program=program, months=months if months is not None else program.followup_schedule,
            jump_factor=jump if jump is not None else program.followup_jump_factor,
        )  # fmt: skip
    if data:
        programs.program_update(actor=user, program=program, **data)
    return program


class LevelPagination(PageNumberPagination):
    """Pages of levels with their application counts asked for the whole page at once."""

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        result = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(result[self.items_attribute])
        counts = providers.applications_by_level([level.pk for level in items])
        for level in items:
            level.applications_counted = counts[level.pk]
        result[self.items_attribute] = items
        return result


def _levels(queryset: QuerySet[Level]) -> QuerySet[Level]:
    return queryset.prefetch_related(
        Prefetch("criteria", queryset=RubricCriterion.objects.order_by("order", "id"))
    )


@router.get("/levels", response=list[LevelOut])
@paginate(LevelPagination, page_size=25)
def level_list(request: HttpRequest, program: Id | None = None) -> QuerySet[Level]:
    """Levels of the programs the caller sees (every version; `open_for_batches` marks the current)."""
    queryset = _levels(access.levels_for_user(_user(request))).order_by(
        "-program__year", "program_id", "rank", "version"
    )
    return queryset.filter(program_id=program) if program else queryset


@router.get("/levels/{level_id}", response=LevelOut)
def level_detail(request: HttpRequest, level_id: Id) -> Level:
    access.get_level_for_user(_user(request), level_id)
    return _levels(Level.objects.select_related("program")).get(pk=level_id)


@router.post("/levels", response={201: LevelOut})
def level_create(request: HttpRequest, payload: LevelIn) -> Status:
    """Add the next level to a program: the program owner's admins (403 others, 404 unseen program)."""
    user = _user(request)
    program = access.get_program_for_user(user, payload.program_id, write=True)
    data = payload.dict(exclude_unset=True, exclude={"program_id"})
    if data.get("review_disagreement") is not None:
        data["review_disagreement"] = Decimal(str(data["review_disagreement"]))
    _not_null(data, tuple(data))
    return Status(201, levels.level_create(actor=user, program=program, **data))


@router.patch("/levels/{level_id}", response=LevelOut)
def level_update(request: HttpRequest, level_id: Id, payload: LevelPatch) -> Level:
    user = _user(request)
    level = access.get_level_for_user(user, level_id, write=True)
    data = payload.dict(exclude_unset=True)
    _not_null(data, tuple(data))
    if data.get("review_disagreement") is not None:
        data["review_disagreement"] = Decimal(str(data["review_disagreement"]))
    return levels.level_update(actor=user, level=level, **data)


@router.post("/levels/{level_id}/versions", response={201: LevelOut})
def level_version_create(request: HttpRequest, level_id: Id) -> Status:
    """A new version of the level (a copy to change its rules in); the old one takes no new batches."""
    user = _user(request)
    level = access.get_level_for_user(user, level_id, write=True)
    return Status(201, levels.level_version_create(actor=user, level=level))


def _criterion(user: Any, level_id: int, criterion_id: int) -> RubricCriterion:
    level = access.get_level_for_user(user, level_id, write=True)
    criterion = level.criteria.filter(pk=criterion_id).first()
    if criterion is None:
        raise Http404
    criterion.level = level
    return criterion


@router.post("/levels/{level_id}/criteria", response={201: RubricCriterionOut})
def criterion_create(request: HttpRequest, level_id: Id, payload: RubricCriterionIn) -> Status:
    """Add a criterion to the level's rubric (refused once the level has applications)."""
    user = _user(request)
    level = access.get_level_for_user(user, level_id, write=True)
    return Status(201, levels.criterion_create(actor=user, level=level, **payload.dict()))


@router.patch("/levels/{level_id}/criteria/{criterion_id}", response=RubricCriterionOut)
def criterion_update(
    request: HttpRequest, level_id: Id, criterion_id: Id, payload: RubricCriterionPatch
) -> RubricCriterion:
    user = _user(request)
    criterion = _criterion(user, level_id, criterion_id)
    data = payload.dict(exclude_unset=True)
    _not_null(data, tuple(data))
    return levels.criterion_update(actor=user, criterion=criterion, **data)


@router.delete("/levels/{level_id}/criteria/{criterion_id}", response={204: None})
def criterion_delete(request: HttpRequest, level_id: Id, criterion_id: Id) -> Status:
    user = _user(request)
    levels.criterion_delete(actor=user, criterion=_criterion(user, level_id, criterion_id))
    return Status(204, None)


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
    """Open a batch: only an admin of the organising organisation may, only of a level of its tier, and
    only of the current version of a level in an open program of its province (422 on `level`)."""
    user = _user(request)
    organiser = Organisation.objects.filter(pk=payload.organiser_id).first()
    level = access.levels_for_user(user).filter(pk=payload.level_id).first()
    if organiser is None or level is None:
        raise ValidationError({"level_id": [_("Jenjang atau penyelenggara tidak ditemukan.")]})
    access.require_manage(user, organiser)
    data = payload.dict(exclude={"level_id", "organiser_id"})
    return Status(201, batches.batch_create(actor=user, level=level, organiser=organiser, **data))


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
    return batches.batch_update(actor=user, batch=batch, **data)
