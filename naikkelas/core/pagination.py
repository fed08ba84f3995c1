"""Pagination. The API's page-number pagination, with bounds: a page beyond a million is refused (422)
rather than handed to the database as an offset it cannot hold. Pages of long lists — the page's
`paginate` and the API's pagination alike — count only what is small and otherwise give the planner's
estimate ("sekitar" on the page, `count_is_estimate: true` in the API), never a COUNT(*) over a
province on every page."""

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination as NinjaPageNumberPagination

MAX_PAGE = 1_000_000


class PageNumberPagination(NinjaPageNumberPagination):
    """Page-number pagination whose `count` is exact for short lists and the planner's estimate for
    long ones on PostgreSQL (the registry page's rule: `REGISTRY_EXACT_COUNT_BELOW`), with `has_next`
    read from the rows themselves (one row more than the page) so a client never relies on the count."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=1000)

    class Output(Schema):
        items: list[Any]
        count: int = Field(
            ...,
            description="rows in the whole list: exact, or the database's estimate when count_is_estimate",
        )
        count_is_estimate: bool = Field(
            ...,
            description="true when the list is long enough that count is PostgreSQL's planner estimate "
            "(no COUNT(*) on every page); page on with has_next",
        )
        has_next: bool = Field(..., description="whether another page follows this one")

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page_size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * page_size
        rows = list(queryset[offset : offset + page_size + 1])
        items, more = rows[:page_size], len(rows) > page_size
        estimate = planner_rows(queryset) if isinstance(queryset, QuerySet) else None
        if estimate is not None and estimate >= settings.REGISTRY_EXACT_COUNT_BELOW:
            # the estimate can be below the rows already seen: never say fewer than that
            count, estimated = max(estimate, offset + len(items) + more), True
        else:
            count, estimated = self._items_count(queryset), False
        return {self.items_attribute: items, "count": count, "count_is_estimate": estimated, "has_next": more}


def planner_rows(queryset: QuerySet[Any]) -> int | None:
    """PostgreSQL's own estimate of how many rows a queryset holds (EXPLAIN, nothing is read); None on
    other databases."""
    if connection.vendor != "postgresql":
        return None
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a scope that reaches nothing: no query at all
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedPage(Page):  # type: ignore[type-arg]
    """A page of an EstimatedPaginator: there is a next page when more rows followed this one."""

    def __init__(
        self, object_list: list[Any], number: int, paginator: "EstimatedPaginator", more: bool
    ) -> None:
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


class EstimatedPaginator(Paginator):  # type: ignore[type-arg]
    """Pages of a large list without counting it: `count` is the planner's estimate (shown as "sekitar"),
    a page reads one row more than it shows to know whether another follows, and any page number up to
    MAX_PAGE may be asked for (one past the end is simply empty)."""

    estimated = True

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, estimate: int) -> None:
        super().__init__(object_list, per_page)
        self.estimate = estimate

    @cached_property
    def count(self) -> int:
        return self.estimate

    def validate_number(self, number: Any) -> int:
        try:
            value = int(number)
        except (TypeError, ValueError):
            return 1
        return min(max(value, 1), MAX_PAGE)

    def page(self, number: Any) -> EstimatedPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        return EstimatedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def get_page(self, number: Any) -> EstimatedPage:
        return self.page(number)


def paginate(queryset: QuerySet[Any], number: Any, *, per_page: int, exact_below: int) -> Page:  # type: ignore[type-arg]
    """A page of `queryset`: counted exactly when the planner expects fewer than `exact_below` rows (or
    the database has no planner estimate), else without a count (EstimatedPaginator)."""
    estimate = planner_rows(queryset)
    if estimate is not None and estimate >= exact_below:
        return EstimatedPaginator(queryset, per_page, estimate=estimate).get_page(number)
    return Paginator(queryset, per_page).get_page(number)
