"""Long lists are paged without counting: the planner's estimate, and one row read ahead."""

import pytest
from django.db import connection

from naikkelas.core.models import AuditEvent
from naikkelas.core.pagination import EstimatedPaginator, paginate, planner_rows

pytestmark = pytest.mark.django_db


def events(count: int) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(action="create", object_type="x.y", object_id=str(n), changes={}) for n in range(count)
    )


def test_the_planner_estimates_on_postgresql_and_nothing_elsewhere() -> None:
    events(3)
    estimate = planner_rows(AuditEvent.objects.filter(object_type="x.y"))
    if connection.vendor == "postgresql":
        assert isinstance(estimate, int) and estimate >= 1
    else:
        assert estimate is None
        assert paginate(AuditEvent.objects.order_by("id"), 1, per_page=2, exact_below=0).paginator.count == 3


def test_an_estimated_page_knows_a_next_page_only_when_rows_follow() -> None:
    events(5)
    paginator = EstimatedPaginator(AuditEvent.objects.order_by("id"), 2, estimate=1000)
    assert paginator.count == 1000 and paginator.num_pages == 500
    assert [len(paginator.get_page(n)) for n in (1, 2, 3, 4)] == [2, 2, 1, 0]
    assert [paginator.get_page(n).has_next() for n in (1, 2, 3)] == [True, True, False]


def test_a_scope_that_reaches_nothing_is_estimated_as_nothing() -> None:
    nothing = AuditEvent.objects.filter(pk__in=[])
    assert planner_rows(nothing) == (0 if connection.vendor == "postgresql" else None)
    assert paginate(nothing, 1, per_page=2, exact_below=10).paginator.count == 0
