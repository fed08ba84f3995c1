"""Reads for reports and exports on a PostgreSQL streaming replica, when one is configured
(`DATABASE_REPLICA_URL`): the code that only reads — the cohort report, its exports, the impact
estimates' task — runs inside `for_reports()`, and the router sends its reads to the `replica` alias
while the replica is at most `REPLICA_MAX_LAG_SECONDS` behind the primary (checked at most every
`REPLICA_CHECK_SECONDS`, per process), else to the primary. Writes always go to the primary, and so do
the reads of the few tables that record what is happening now (sessions, the task queue, the kept
estimates), which a replica a second behind would contradict. Without a replica nothing changes."""

import contextlib
import contextvars
import functools
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections

REPLICA = "replica"
# Read on the primary even inside for_reports(): state a report's own request or task has just written.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_tasks_db"})
PRIMARY_ONLY_MODELS = frozenset({"outcomes.impactestimate"})

_for_reports: contextvars.ContextVar[bool] = contextvars.ContextVar("for_reports", default=False)
_checked: dict[str, tuple[float, bool]] = {}  # alias → (monotonic time of the check, usable)
log = logging.getLogger(__name__)


@contextlib.contextmanager
def for_reports() -> Iterator[None]:
    """Reads inside go to the replica when it is configured and fresh enough."""
    token = _for_reports.set(True)
    try:
        yield
    finally:
        _for_reports.reset(token)


def reads_for_reports[**P, R](function: Callable[P, R]) -> Callable[P, R]:
    """A view or API handler that only reads (a report, an export): its reads may go to the replica."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with for_reports():
            return function(*args, **kwargs)

    return wrapper


def replica_lag_seconds(alias: str = REPLICA) -> float | None:
    """How far the replica is behind, in seconds (0 when it has replayed all it received, or when the
    alias is not a standby at all); None when it cannot be asked."""
    sql = """
        SELECT CASE
            WHEN NOT pg_is_in_recovery() THEN 0
            WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 1e9)
        END
    """
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(sql)
            return float(cursor.fetchone()[0])
    except DatabaseError as error:
        log.warning("replica %s cannot be asked for its lag: %s", alias, error)
        connections[alias].close()
        return None


def replica_usable(alias: str = REPLICA) -> bool:
    """Whether reads may go to the replica now (the check kept a few seconds)."""
    now = time.monotonic()
    checked = _checked.get(alias)
    if checked is not None and now - checked[0] < settings.REPLICA_CHECK_SECONDS:
        return checked[1]
    lag = replica_lag_seconds(alias)
    usable = lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS
    _checked[alias] = (now, usable)
    return usable


def forget_checks() -> None:
    """Ask the replica again at the next read (tests, and after a failover)."""
    _checked.clear()


class ReplicaRouter:
    """Reports' reads to the replica (see the module's docstring); everything else to the primary."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if not settings.DATABASE_REPLICA_URL or not _for_reports.get():
            return None
        meta = model._meta
        if meta.app_label in PRIMARY_ONLY_APPS or meta.label_lower in PRIMARY_ONLY_MODELS:
            return None
        return REPLICA if replica_usable() else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica holds the primary's very rows

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        return db != REPLICA  # a standby is read-only: it gets the schema from the primary's WAL
