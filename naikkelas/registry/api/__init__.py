"""Registry endpoints: the same access functions and services as the pages. Persons, enterprises and
metric reports here; the spreadsheet imports in `imports`."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
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
    omittable,
)
from naikkelas.notify.services.consent import ChannelChoice, consents_record, person_choices
from naikkelas.regions.models import Region
from naikkelas.registry import access, selectors
from naikkelas.registry.models import Enterprise, MetricReport, Person, Sector, Sex, SizeClass
from naikkelas.registry.services import enterprises, metric_reports, persons

router = Router(tags=["registry"])

PersonSex = Annotated[Sex, Strict(False), Component("PersonSex")]
EnterpriseSector = Annotated[Sector, Strict(False), Component("EnterpriseSector")]
EnterpriseSizeClass = Annotated[SizeClass, Strict(False), Component("EnterpriseSizeClass")]
MetricSource = Annotated[MetricReport.Source, Strict(False), Component("MetricReportSource")]
Nik = Annotated[str, Field(pattern=r"^[0-9]{16}$", description="16 angka, tanpa spasi atau titik")]
Nib = Annotated[str, Field(pattern=r"^([0-9]{13})?$", description="13 angka dari OSS, atau kosong")]
KbliCode = Annotated[str, Field(pattern=r"^([0-9]{5})?$", description="5 angka, atau kosong")]
KbliVersion = Literal["", "2020", "2025"]


def _user(request: HttpRequest) -> Any:
    return request.user


def _district(code: str, field: str) -> Region:
    district = Region.objects.filter(code=code, kind=Region.Kind.DISTRICT).first()
    if district is None:
        raise ValidationError({field: [_("Kode kecamatan %(code)s tidak dikenal.") % {"code": code}]})
    return district


class PersonOut(Schema):
    id: int
    nik: str
    nik_warning: str
    name: str
    sex: PersonSex
    birth_date: date | None
    phone: str
    email: str
    address_district: str = Field(..., alias="address_district_id")

    @staticmethod
    def resolve_nik(obj: Person, context: Any) -> str:
        return access.nik_for(context["request"], obj, what="api_person")

    @staticmethod
    def resolve_birth_date(obj: Person, context: Any) -> date | None:
        user = context["request"].user
        return obj.birth_date if access.can_see_full_nik(user, obj) else None


class PersonIn(InputSchema):
    nik: Nik
    name: str = Field(..., min_length=1, max_length=150)
    sex: PersonSex
    birth_date: IsoDate
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    address_district: DistrictCode


class PersonPatch(InputSchema):
    """Only the fields sent change; a field left out keeps its value (null is refused)."""

    name: str = omittable(min_length=1, max_length=150)
    sex: PersonSex = omittable()
    birth_date: IsoDate = omittable()
    phone: str = omittable(max_length=30)
    email: str = omittable(max_length=254)
    address_district: DistrictCode = omittable()


class EnterpriseOut(Schema):
    id: int
    owner_id: int
    name: str
    nib: str
    kbli_code: str
    kbli_version: str
    sector: EnterpriseSector
    district: str = Field(..., alias="district_id")
    regency_code: str
    province_code: str
    started_on: date
    size_class: str
    possible_duplicate_of_id: int | None


class EnterpriseIn(InputSchema):
    owner_id: Id
    name: str = Field(..., min_length=1, max_length=200)
    nib: Nib = ""
    kbli_code: KbliCode = ""
    kbli_version: KbliVersion = ""
    sector: EnterpriseSector
    district: DistrictCode
    started_on: IsoDate


class EnterprisePatch(InputSchema):
    """Only the fields sent change; a field left out keeps its value (null is refused)."""

    name: str = omittable(min_length=1, max_length=200)
    nib: Nib = omittable()
    kbli_code: KbliCode = omittable()
    kbli_version: KbliVersion = omittable()
    sector: EnterpriseSector = omittable()
    district: DistrictCode = omittable()
    started_on: IsoDate = omittable()


class EnterpriseFilters(Schema):
    q: str = Field("", max_length=200)
    region: RegionFilter | None = None
    sector: EnterpriseSector | None = None
    size_class: EnterpriseSizeClass | None = None


class MetricReportOut(Schema):
    id: int
    enterprise_id: int
    period: date
    omzet: int
    aset: int
    workers: int
    source: MetricSource
    note: str


class MetricReportIn(InputSchema):
    enterprise_id: Id
    period: IsoDate
    omzet: Rupiah
    aset: Rupiah
    workers: Count
    source: MetricSource
    note: str = Field("", max_length=2000)


class MetricReportPatch(InputSchema):
    """Only the fields sent change; a field left out keeps its value (null is refused)."""

    period: IsoDate = omittable()
    omzet: Rupiah = omittable()
    aset: Rupiah = omittable()
    workers: Count = omittable()
    note: str = omittable(max_length=2000)


# Persons


@router.get("/persons", response=list[PersonOut])
@paginate(PageNumberPagination, page_size=25, max_page_size=200)
def person_list(request: HttpRequest, q: str = Query("", max_length=200)) -> QuerySet[Person]:
    """Owners in the caller's scope; q matches the name or the whole NIK."""
    return selectors.person_list(_user(request), q)


@router.get("/persons/{person_id}", response=PersonOut)
def person_detail(request: HttpRequest, person_id: Id) -> Person:
    return access.get_person_for_user(_user(request), person_id)


class ChannelOut(Schema):
    """Her choice on one channel: agreed, declined, unasked (never asked) or no_address; the last record."""

    channel: Literal["whatsapp", "sms", "email"]
    address: str
    state: Literal["agreed", "declined", "unasked", "no_address"]
    recorded_at: datetime | None
    source: str
    text_version: str


def _channel_out(choice: ChannelChoice) -> dict[str, Any]:
    latest = choice.latest
    state = "no_address" if not choice.address else "unasked" if latest is None else (
        "agreed" if latest.opted_in else "declined"
    )  # fmt: skip
    return {
        "channel": choice.channel, "address": choice.address, "state": state,
        "recorded_at": latest.recorded_at if latest else None, "source": latest.source if latest else "",
        "text_version": latest.text_version if latest else "",
    }  # fmt: skip


@router.get("/persons/{person_id}/channels", response=list[ChannelOut])
def person_channels(request: HttpRequest, person_id: Id) -> list[dict[str, Any]]:
    """Her consent per channel (WhatsApp, SMS, email): reminders and results go only where she agreed."""
    person = access.get_person_for_user(_user(request), person_id)
    return [_channel_out(choice) for choice in person_choices(person)]


class ChannelsIn(InputSchema):
    """Her choice as staff heard it: yes on the channels listed, no on her other channels."""

    agreed: list[Literal["whatsapp", "sms", "email"]] = Field(
        ..., max_length=3, description="the channels she agreed to; her other channels are recorded as no"
    )
    source: Literal["phone", "paper"] = Field(
        ..., description="phone: she said it on the telephone; paper: a form she signed"
    )


@router.post("/persons/{person_id}/channels", response=list[ChannelOut])
def person_channels_record(request: HttpRequest, person_id: Id, payload: ChannelsIn) -> list[dict[str, Any]]:
    """Record her channel choice (staff who may edit her record); only changes are written, each naming
    the staff member. A channel she has no number or email for cannot be agreed to (422)."""
    user = _user(request)
    person = access.get_person_for_user(user, person_id, write=True)
    choices = person_choices(person)
    missing = [c.label for c in choices if c.channel in payload.agreed and not c.address]
    if missing:
        raise ValidationError(
            {
                "agreed": [
                    _("Belum ada nomor atau email untuk: %(channels)s.") % {"channels": ", ".join(missing)}
                ]
            }
        )
    consents_record(
        person=person, chosen=payload.agreed, source=payload.source, actor=user,
        offered=[c.channel for c in choices if c.address],
    )  # fmt: skip
    return [_channel_out(choice) for choice in person_choices(person)]


@router.post("/persons", response={201: PersonOut})
def person_create(request: HttpRequest, payload: PersonIn) -> Status:
    """Register an owner; 422 names the field when the NIK or another value is wrong."""
    user = _user(request)
    district = _district(payload.address_district, "address_district")
    access.require_write_registry_in(user, district)
    data = payload.dict()
    data["address_district"] = district
    return Status(201, persons.person_create(actor=user, **data))


@router.patch("/persons/{person_id}", response=PersonOut)
def person_update(request: HttpRequest, person_id: Id, payload: PersonPatch) -> Person:
    user = _user(request)
    person = access.get_person_for_user(user, person_id, write=True)
    data = payload.dict(exclude_unset=True)
    if "address_district" in data:
        data["address_district"] = _district(data["address_district"], "address_district")
        access.require_write_registry_in(user, data["address_district"])
    return persons.person_update(actor=user, person=person, **data)


# Enterprises


@router.get("/enterprises", response=list[EnterpriseOut])
@paginate(PageNumberPagination, page_size=25, max_page_size=200)
def enterprise_list(request: HttpRequest, filters: Query[EnterpriseFilters]) -> QuerySet[Enterprise]:
    """Enterprises in the caller's scope; filter by region code, sector, size class or text."""
    region = Region.objects.filter(code=filters.region).first() if filters.region else None
    if filters.region and region is None:
        raise ValidationError({"region": [_("Kode wilayah tidak dikenal.")]})
    return selectors.enterprise_list(
        _user(request),
        selectors.EnterpriseFilter(
            q=filters.q,
            region=region,
            sector=filters.sector or "",
            size_class=filters.size_class or "",
        ),
    )


@router.get("/enterprises/{enterprise_id}", response=EnterpriseOut)
def enterprise_detail(request: HttpRequest, enterprise_id: Id) -> Enterprise:
    return access.get_enterprise_for_user(_user(request), enterprise_id)


@router.post("/enterprises", response={201: EnterpriseOut})
def enterprise_create(request: HttpRequest, payload: EnterpriseIn) -> Status:
    user = _user(request)
    district = _district(payload.district, "district")
    access.require_write_registry_in(user, district)
    owner = access.persons_for_user(user).filter(pk=payload.owner_id).first()
    if owner is None:
        raise ValidationError({"owner_id": [_("Pemilik tidak ditemukan.")]})
    data = payload.dict()
    data.pop("owner_id")
    data["district"] = district
    return Status(201, enterprises.enterprise_create(actor=user, owner=owner, **data))


@router.patch("/enterprises/{enterprise_id}", response=EnterpriseOut)
def enterprise_update(request: HttpRequest, enterprise_id: Id, payload: EnterprisePatch) -> Enterprise:
    user = _user(request)
    enterprise = access.get_enterprise_for_user(user, enterprise_id, write=True)
    data = payload.dict(exclude_unset=True)
    if "district" in data:
        data["district"] = _district(data["district"], "district")
        access.require_write_registry_in(user, data["district"])
    return enterprises.enterprise_update(actor=user, enterprise=enterprise, **data)


# Metric reports


@router.get("/metric-reports", response=list[MetricReportOut])
@paginate(PageNumberPagination, page_size=25, max_page_size=200)
def metric_report_list(request: HttpRequest, enterprise_id: Id | None = None) -> QuerySet[MetricReport]:
    return selectors.metric_report_list(_user(request), enterprise_id)


@router.get("/metric-reports/{report_id}", response=MetricReportOut)
def metric_report_detail(request: HttpRequest, report_id: Id) -> MetricReport:
    return access.get_metric_report_for_user(_user(request), report_id)


@router.post("/metric-reports", response={201: MetricReportOut})
def metric_report_create(request: HttpRequest, payload: MetricReportIn) -> Status:
    user = _user(request)
    enterprise = access.get_enterprise_for_user(user, payload.enterprise_id)
    access.require_metric_source(user, enterprise, payload.source)
    data = payload.dict()
    data.pop("enterprise_id")
    return Status(201, metric_reports.metric_report_create(actor=user, enterprise=enterprise, **data))


@router.patch("/metric-reports/{report_id}", response=MetricReportOut)
def metric_report_update(request: HttpRequest, report_id: Id, payload: MetricReportPatch) -> MetricReport:
    user = _user(request)
    report = access.get_metric_report_for_user(user, report_id, write=True)
    return metric_reports.metric_report_update(actor=user, report=report, **payload.dict(exclude_unset=True))
