"""Migrations that move a model between apps keep its rows, forward and back."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from naikkelas.core.models import AccessLog

BEFORE = [("core", "0003_onetimecode"), ("privacy", "0001_initial")]
AFTER = [("core", "0004_accesslog_from_privacy"), ("privacy", "0002_accesslog_to_core")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_access_log_rows_survive_the_move_to_core_and_back() -> None:
    executor = _migrate(BEFORE)
    try:
        OldLog = executor.loader.project_state(BEFORE).apps.get_model("privacy", "AccessLog")
        # Rows shaped like the demo's: an admin's full views and one export.
        OldLog.objects.bulk_create(
            OldLog(at=datetime(2026, 11, 30, hour, tzinfo=UTC), username="semarang", address="10.33.74.20",
                   method="GET", path=f"/registri/pemilik/{pk}/", purpose="view", what="person_detail",
                   person_ids=[pk], person_count=1)
            for hour, pk in ((8, 11), (9, 12), (10, 13))
        )  # fmt: skip
        kept = sorted(OldLog.objects.values_list("pk", "what", "person_ids"))

        _migrate(AFTER)
        assert sorted(AccessLog.objects.values_list("pk", "what", "person_ids")) == kept
        AccessLog.objects.create(at=datetime(2026, 12, 1, tzinfo=UTC), username="kudus", method="GET",
                                 path="/", purpose="export", what="registry_xlsx", person_ids=[14],
                                 person_count=1)  # fmt: skip
        assert AccessLog.objects.count() == 4  # the id sequence goes on where it was

        executor = _migrate(BEFORE)
        OldLog = executor.loader.project_state(BEFORE).apps.get_model("privacy", "AccessLog")
        assert sorted(OldLog.objects.values_list("what", flat=True)) == ["person_detail"] * 3 + [
            "registry_xlsx"
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_usernames_differing_only_in_case_survive_the_case_insensitive_constraint(capsys) -> None:  # type: ignore[no-untyped-def]
    """accounts 0006 makes usernames unique whatever their case; an installation with "Budi" and "budi"
    stopped there. The older keeps its name, the later one is renamed and the rename printed."""
    before = [("accounts", "0005_login_failure_step")]
    executor = _migrate(before)
    try:
        OldUser = executor.loader.project_state(before).apps.get_model("accounts", "User")
        for name, day in (("Budi", 1), ("budi", 2), ("BUDI", 3), ("budi.2x", 4)):
            OldUser.objects.create(
                username=name, password="!", date_joined=datetime(2021, 5, day, tzinfo=UTC)
            )
        executor = _migrate([("accounts", "0006_staff_and_installation")])
        NewUser = executor.loader.project_state([("accounts", "0006_staff_and_installation")]).apps.get_model(
            "accounts", "User"
        )
        assert sorted(NewUser.objects.values_list("username", flat=True)) == [
            "BUDI.3", "Budi", "budi.2", "budi.2x",
        ]  # fmt: skip
        assert "'budi' (id " in capsys.readouterr().out
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
