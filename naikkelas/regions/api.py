from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Strict

from naikkelas.core.pagination import PageNumberPagination
from naikkelas.core.schemas import Component, RegionFilter
from naikkelas.regions.models import Region

router = Router(tags=["regions"])

RegionKind = Annotated[Region.Kind, Strict(False), Component("RegionKind")]


class RegionOut(Schema):
    code: str
    name: str
    kind: RegionKind
    parent_code: str | None

    @staticmethod
    def resolve_parent_code(obj: Region) -> str | None:
        return obj.parent_id


@router.get("", response=list[RegionOut])
@paginate(PageNumberPagination, page_size=100)
def region_list(
    request: HttpRequest, parent: RegionFilter | None = None, kind: RegionKind | None = None
) -> QuerySet[Region]:
    """Regions are public reference data: filter by parent code and kind."""
    queryset = Region.objects.all()
    if parent:
        queryset = queryset.filter(parent_id=parent)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("code")
