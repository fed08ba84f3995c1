"""Backups are only as good as a restore: dump the database, restore it into a fresh one, and let the app,
pointed at the copy, print the same fingerprint (rows per table, every cohort report, a readable NIK).

PostgreSQL goes through pg_dump/pg_restore exactly as docs/deploy.md says; SQLite through its online
backup (VACUUM INTO).
"""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from naikkelas.outcomes.management.commands.db_summary import summary
from naikkelas.outcomes.tests.conftest import World, enrol, world

__all__ = ["world"]


def _app_env(database_url: str) -> dict[str, str]:
    """The environment of a second app process using the restored database with the same keys."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "naikkelas.settings",
        "NAIKKELAS_ENV_FILE": "/dev/null",
        "DEBUG": "true",
        "SECRET_KEY": settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "LOOKUP_HASH_KEY": settings.LOOKUP_HASH_KEY,
        "DATABASE_URL": database_url,
    }


def _summary_of(database_url: str) -> dict:  # type: ignore[type-arg]
    result = subprocess.run(
        [sys.executable, "-m", "django", "db_summary"], env=_app_env(database_url), capture_output=True,
        text=True, cwd=settings.PROJECT_DIR, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _populate(world: World) -> None:
    later = [(date(2022, 4, 1), 22_000_000, 40_000_000, 4)]
    enrol(world, district="33.74.01", omzet=10_000_000, aset=30_000_000, workers=2, followups=later)
    enrol(world, district="33.74.02", omzet=6_000_000, aset=12_000_000, workers=1,
          followups=[(date(2022, 4, 1), 9_000_000, 15_000_000, 2)])  # fmt: skip
    enrol(world, district="33.19.02", omzet=20_000_000, aset=50_000_000, workers=5)
    enrol(world, district="33.74.01", omzet=7_000_000, aset=9_000_000, workers=1, selected=False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump/pg_restore need PostgreSQL")
@pytest.mark.django_db(transaction=True)  # pg_dump sees only committed rows
def test_pg_dump_and_restore_round_trip(world: World, tmp_path: Path) -> None:
    _populate(world)
    before = summary()
    assert before["cohorts"] and before["rows"]["registry.Enterprise"] >= 6
    params = connection.settings_dict
    conn = ["-h", params["HOST"] or "127.0.0.1", "-p", str(params["PORT"] or 5432), "-U", params["USER"]]
    dump = tmp_path / "naikkelas.dump"
    subprocess.run(
        ["pg_dump", *conn, "--format=custom", "--no-owner", "-f", str(dump), params["NAME"]], check=True
    )
    restored = f"{params['NAME']}_restored"
    subprocess.run(["dropdb", *conn, "--if-exists", restored], check=True)
    subprocess.run(["createdb", *conn, restored], check=True)
    try:
        subprocess.run(
            ["pg_restore", *conn, "--no-owner", "--exit-on-error", "-d", restored, str(dump)], check=True
        )
        url = f"postgres://{params['USER']}@{conn[1]}:{conn[3]}/{restored}"
        after = _summary_of(url)
    finally:
        subprocess.run(["dropdb", *conn, "--if-exists", restored], check=True)
    assert after == json.loads(json.dumps(before))
    assert after["nik_readable"] == before["nik_readable"] is not None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file backup")
@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_round_trip(world: World, tmp_path: Path) -> None:
    _populate(world)
    before = summary()
    copy = tmp_path / "backup.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(copy)])
    after = _summary_of(f"sqlite:///{copy}")
    assert after == json.loads(json.dumps(before))
    assert after["cohorts"] and after["nik_readable"]


def test_db_summary_command_prints_json(world: World, capsys) -> None:  # type: ignore[no-untyped-def]
    _populate(world)
    call_command("db_summary")
    printed = json.loads(capsys.readouterr().out)
    assert printed["rows"]["registry.Enterprise"] >= 6
    cohort = next(iter(printed["cohorts"].values()))
    assert cohort["participants"] == 3 and cohort["omzet"] == [
        16_000_000,
        31_000_000,
    ]  # the balanced panel: those who reported
