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
