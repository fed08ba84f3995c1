"""bulk_insert: COPY on PostgreSQL, bulk_create elsewhere; either way every instance gets its key."""

import pytest

from naikkelas.core.bulk import bulk_insert
from naikkelas.core.models import AuditEvent


@pytest.mark.django_db
def test_inserted_instances_get_their_keys_and_their_values_as_django_writes_them() -> None:
    events = [
        AuditEvent(
            action=AuditEvent.Action.CREATE, object_type="x.y", object_id=str(n), changes={"n": n, "t": "é"}
        )
        for n in range(3)
    ]
    bulk_insert(AuditEvent, events)
    assert all(event.pk is not None and not event._state.adding for event in events)
    stored = {
        event.pk: (event.object_id, event.changes) for event in AuditEvent.objects.filter(object_type="x.y")
    }
    assert stored == {event.pk: (str(n), {"n": n, "t": "é"}) for n, event in enumerate(events)}
    assert all(event.at is not None for event in AuditEvent.objects.filter(object_type="x.y"))  # auto_now_add
