"""Django's own psycopg pool behind DB_POOL_MAX_SIZE: off by default, and when set every PostgreSQL alias
gets a pool of that size, which a process's threads share without opening more connections."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

PROBE = """
import django, threading
django.setup()
from django.conf import settings
from django.db import connection, connections
print(settings.DATABASES["default"]["OPTIONS"].get("pool"), settings.DATABASES["default"]["CONN_MAX_AGE"])
def ask():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.2)")
    connections["default"].close()  # back to the pool
threads = [threading.Thread(target=ask) for _ in range(6)]
[t.start() for t in threads]; [t.join() for t in threads]
connection.ensure_connection()
stats = connection.pool.get_stats()
print(type(connection.pool).__name__, stats["pool_max"], stats["connections_num"])
"""


def test_the_pool_is_off_unless_asked_for() -> None:
    assert settings.DB_POOL_MAX_SIZE == 0 or "pool" in settings.DATABASES["default"].get("OPTIONS", {})
    if not settings.DB_POOL_MAX_SIZE:
        assert "pool" not in settings.DATABASES["default"].get("OPTIONS", {})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pool is psycopg's: PostgreSQL only")
@pytest.mark.django_db  # the probe connects to the test database
def test_six_threads_share_a_pool_of_two_connections() -> None:
    env = {
        **os.environ, "DB_POOL_MAX_SIZE": "2", "DB_POOL_MIN_SIZE": "1", "NAIKKELAS_ENV_FILE": "/dev/null",
        "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "naikkelas.settings",
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict),
    }  # fmt: skip
    env.pop("PYTEST_CURRENT_TEST", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    options, pool = done.stdout.strip().splitlines()
    assert "'max_size': 2" in options and options.endswith(" 0")  # pooled: CONN_MAX_AGE off
    kind, most, opened = pool.split()
    assert kind == "ConnectionPool" and most == "2" and int(opened) <= 2


def _settings_of(**env: str) -> subprocess.CompletedProcess[str]:
    probe = (
        "import django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; print(d.get('DISABLE_SERVER_SIDE_CURSORS'), d.get('OPTIONS'))"
    )
    base = {
        **os.environ, "NAIKKELAS_ENV_FILE": "/dev/null", "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "naikkelas.settings",
        "DATABASE_URL": "postgres://naikkelas@127.0.0.1:6432/naikkelas",
    }  # fmt: skip
    base.pop("PYTEST_CURRENT_TEST", None)
    return subprocess.run(
        [sys.executable, "-c", probe], env={**base, **env}, capture_output=True, text=True, timeout=60
    )


def test_behind_pgbouncer_no_server_side_cursors_or_prepared_statements_and_no_pool_of_our_own() -> None:
    behind = _settings_of(DB_PGBOUNCER_TRANSACTION_MODE="true")
    assert behind.returncode == 0 and behind.stdout.strip() == "True {'prepare_threshold': None}"
    both = _settings_of(DB_PGBOUNCER_TRANSACTION_MODE="true", DB_POOL_MAX_SIZE="4")
    assert both.returncode != 0 and "DB_POOL_MAX_SIZE must be 0 behind PgBouncer" in both.stderr
