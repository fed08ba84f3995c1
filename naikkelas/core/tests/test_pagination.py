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


def _api(user: object) -> object:
    from django.test import Client

    from naikkelas.accounts.services.tokens import api_token_create

    return Client(headers={"Authorization": f"Bearer {api_token_create(user=user)}"})  # type: ignore[arg-type]


def _enterprises(count: int) -> int:
    """Enterprises in Kota Semarang; returns how many it holds now (the personas' own among them)."""
    from naikkelas.regions.models import Region
    from naikkelas.registry.models import Enterprise
    from naikkelas.testing.factories import EnterpriseFactory

    EnterpriseFactory.create_batch(count, district=Region.objects.get(code="33.74.01"))
    return Enterprise.objects.filter(regency_code="33.74").count()


def test_an_api_list_under_the_threshold_is_counted_exactly(personas, settings) -> None:  # type: ignore[no-untyped-def]
    total = _enterprises(3)
    settings.REGISTRY_EXACT_COUNT_BELOW = 10_000
    client = _api(personas.semarang_admin)
    size = total - 1
    first = client.get(f"/api/v1/enterprises?page_size={size}").json()  # type: ignore[attr-defined]
    last = client.get(f"/api/v1/enterprises?page_size={size}&page=2").json()  # type: ignore[attr-defined]
    assert (first["count"], first["count_is_estimate"], first["has_next"], len(first["items"])) == (
        total,
        False,
        True,
        size,
    )
    assert (last["count"], last["count_is_estimate"], last["has_next"], len(last["items"])) == (
        total,
        False,
        False,
        1,
    )


def test_a_long_api_list_is_not_counted_on_postgresql(personas, settings) -> None:  # type: ignore[no-untyped-def]
    from django.test.utils import CaptureQueriesContext

    total = _enterprises(3)
    settings.REGISTRY_EXACT_COUNT_BELOW = 1  # every list is "long"
    with CaptureQueriesContext(connection) as queries:
        body = _api(personas.semarang_admin).get("/api/v1/enterprises?page_size=2").json()  # type: ignore[attr-defined]
    assert total > 3
    counted = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "enterprise" in q["sql"].lower()]
    assert body["has_next"] is True and len(body["items"]) == 2
    if connection.vendor == "postgresql":
        # never fewer than the rows seen (two on this page and one read ahead), whatever the statistics say
        assert body["count_is_estimate"] is True and body["count"] >= 3 and not counted
    else:  # no planner estimate: counted
        assert body["count_is_estimate"] is False and body["count"] == total and counted


def test_the_openapi_schema_says_when_a_count_is_an_estimate() -> None:
    from django.test import Client

    schema = Client().get("/api/v1/openapi.json").json()
    paged = schema["components"]["schemas"]["PagedEnterpriseOut"]
    assert set(paged["required"]) >= {"items", "count", "count_is_estimate", "has_next"}
    assert "estimate" in paged["properties"]["count_is_estimate"]["description"]
