"""Reports read from a streaming replica when it is fresh enough, everything else from the primary.

The rule's tests run everywhere (the lag is given, no replica is needed); those marked `replica` run
against a real standby (`.ci/run` starts one with `.ci/replica start`: DATABASE_REPLICA_URL) and are
skipped, saying why, where there is none."""

import time

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.test.utils import CaptureQueriesContext

from naikkelas.core import replica
from naikkelas.outcomes.models import AnalysisPlan, ImpactEstimate
from naikkelas.registry.models import Enterprise


@pytest.fixture
def configured(settings, monkeypatch):  # type: ignore[no-untyped-def]
    """A replica alias as far as the router is concerned, with a lag the test sets."""
    settings.DATABASE_REPLICA_URL = "postgres://replica.invalid/naikkelas"  # never connected to here
    settings.REPLICA_MAX_LAG_SECONDS = 5
    settings.REPLICA_CHECK_SECONDS = 3
    lag = {"seconds": 0.5, "asked": 0}

    def fake_lag(alias: str = replica.REPLICA) -> float | None:
        lag["asked"] += 1
        return lag["seconds"]

    monkeypatch.setattr(replica, "replica_lag_seconds", fake_lag)
    replica.forget_checks()
    yield lag
    replica.forget_checks()


def test_reads_stay_on_the_primary_without_a_replica_or_outside_reports(configured) -> None:  # type: ignore[no-untyped-def]
    router = replica.ReplicaRouter()
    assert router.db_for_read(Enterprise) is None  # outside for_reports()
    with replica.for_reports():
        assert router.db_for_read(Enterprise) == "replica"
    assert router.db_for_read(Enterprise) is None


def test_without_a_replica_configured_reports_read_the_primary(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATABASE_REPLICA_URL = ""
    with replica.for_reports():
        assert replica.ReplicaRouter().db_for_read(Enterprise) is None


def test_a_replica_too_far_behind_is_not_read(configured) -> None:  # type: ignore[no-untyped-def]
    configured["seconds"] = 6.0
    with replica.for_reports():
        assert replica.ReplicaRouter().db_for_read(Enterprise) is None


def test_a_replica_that_cannot_be_asked_is_not_read(configured) -> None:  # type: ignore[no-untyped-def]
    configured["seconds"] = None
    with replica.for_reports():
        assert replica.ReplicaRouter().db_for_read(Enterprise) is None


def test_the_lag_is_asked_once_per_check_interval(configured, settings) -> None:  # type: ignore[no-untyped-def]
    router = replica.ReplicaRouter()
    with replica.for_reports():
        for _ in range(20):
            router.db_for_read(Enterprise)
        assert configured["asked"] == 1
        settings.REPLICA_CHECK_SECONDS = 0
        configured["seconds"] = 60.0
        assert router.db_for_read(Enterprise) is None  # asked again: now too far behind
    assert configured["asked"] == 2


def test_writes_and_the_state_of_work_under_way_stay_on_the_primary(configured) -> None:  # type: ignore[no-untyped-def]
    router = replica.ReplicaRouter()
    with replica.for_reports():
        assert router.db_for_write(Enterprise) == "default"
        assert router.db_for_read(ImpactEstimate) is None  # a task's progress, just written
        assert router.db_for_read(AnalysisPlan) == "replica"
    assert router.allow_migrate("replica", "registry") is False
    assert router.allow_migrate("default", "registry") is True


# Against a real standby --------------------------------------------------------------------------------

needs_replica = pytest.mark.skipif(
    not django_settings.DATABASE_REPLICA_URL,
    reason="no streaming replica configured (DATABASE_REPLICA_URL; .ci/replica start makes one)",
)


def _seen_on_replica(pk: int, *, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT 1 FROM registry_enterprise WHERE id = %s", [pk])
            if cursor.fetchone():
                return True
        time.sleep(0.1)
    return False


def _superuser_on_replica(sql: str) -> None:
    """Pause or resume replay on the standby (needs the cluster's superuser, over loopback trust)."""
    import psycopg

    options = connections["replica"].settings_dict
    with psycopg.connect(
        host=options["HOST"], port=options["PORT"], user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(sql)


@needs_replica
@pytest.mark.replica
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_replica_is_a_standby_that_receives_the_primarys_rows(personas) -> None:  # type: ignore[no-untyped-def]
    replica.forget_checks()
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True
    enterprise = Enterprise.objects.first()
    assert enterprise is not None and _seen_on_replica(enterprise.pk)
    lag = replica.replica_lag_seconds()
    assert lag is not None and lag <= django_settings.REPLICA_MAX_LAG_SECONDS


@needs_replica
@pytest.mark.replica
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_cohort_report_reads_from_the_replica(personas) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    from naikkelas.accounts.services.tokens import api_token_create

    replica.forget_checks()
    token = api_token_create(user=personas.province_admin)
    assert _seen_on_replica(Enterprise.objects.order_by("-pk").values_list("pk", flat=True)[0])
    time.sleep(0.5)  # the token's row, written just now, streams too
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        answer = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/reports/cohort?year=2021")
    assert answer.status_code == 200
    replica_tables = " ".join(q["sql"] for q in on_replica.captured_queries)
    assert "selection_graduation" in replica_tables  # the report's reads
    primary_tables = " ".join(q["sql"] for q in on_primary.captured_queries)
    assert "selection_graduation" not in primary_tables


@needs_replica
@pytest.mark.replica
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_paused_replica_falls_behind_and_reports_read_the_primary(personas, settings) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.regions.models import Region
    from naikkelas.testing.factories import EnterpriseFactory

    settings.REPLICA_MAX_LAG_SECONDS = 1
    settings.REPLICA_CHECK_SECONDS = 0
    replica.forget_checks()
    _superuser_on_replica("SELECT pg_wal_replay_pause()")
    try:
        late = EnterpriseFactory.create(district=Region.objects.get(code="33.74.01"))
        time.sleep(2.5)  # more than the allowed lag, with a write waiting to be replayed
        assert (replica.replica_lag_seconds() or 0) > 1
        with replica.for_reports():
            assert replica.ReplicaRouter().db_for_read(Enterprise) is None
            assert Enterprise.objects.filter(pk=late.pk).exists()  # read on the primary: it is there
    finally:
        _superuser_on_replica("SELECT pg_wal_replay_resume()")
    assert _seen_on_replica(late.pk)
    deadline = time.monotonic() + 30  # the cluster is shared: other writes may still be replaying
    while (replica.replica_lag_seconds() or 99) > 1 and time.monotonic() < deadline:
        time.sleep(0.2)
    replica.forget_checks()
    with replica.for_reports():
        assert replica.ReplicaRouter().db_for_read(Enterprise) == "replica"
