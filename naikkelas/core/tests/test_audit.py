"""The audited update helper: only listed fields change, only what changed is saved, one audit entry
holds the diff, and a refusal leaves the database as it was."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from naikkelas.core.audit import Changes, model_update
from naikkelas.core.models import AuditEvent, CollectiveLeaveDay

pytestmark = pytest.mark.django_db


@pytest.fixture
def leave() -> CollectiveLeaveDay:
    return CollectiveLeaveDay.objects.create(date=date(2025, 12, 26), name="Cuti bersama Natal")


def test_the_changed_field_is_saved_and_its_diff_is_the_one_audit_entry(leave: CollectiveLeaveDay) -> None:
    changes = model_update(
        actor=None, instance=leave, data={"name": "Cuti bersama Hari Raya Natal", "date": leave.date},
        editable=("name", "date"),
    )  # fmt: skip
    assert changes == {"name": ["Cuti bersama Natal", "Cuti bersama Hari Raya Natal"]}
    assert CollectiveLeaveDay.objects.get(pk=leave.pk).name == "Cuti bersama Hari Raya Natal"
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.object_id) == (
        "update",
        "core.collectiveleaveday",
        str(leave.pk),
    )
    assert event.changes == changes


def test_nothing_changed_writes_nothing(leave: CollectiveLeaveDay) -> None:
    assert model_update(actor=None, instance=leave, data={"name": leave.name}, editable=("name",)) == {}
    assert not AuditEvent.objects.exists()


def test_a_field_outside_the_list_is_a_programming_error_and_changes_nothing(
    leave: CollectiveLeaveDay,
) -> None:
    with pytest.raises(ValueError, match=r"core\.collectiveleaveday field date cannot be changed"):
        model_update(
            actor=None, instance=leave, data={"name": "Lain", "date": date(2025, 12, 24)}, editable=("name",)
        )
    assert leave.name == "Cuti bersama Natal"  # checked before anything is set
    assert not AuditEvent.objects.exists()


def test_a_refusal_by_the_model_the_check_or_the_guard_leaves_the_database_as_it_was(
    leave: CollectiveLeaveDay,
) -> None:
    with pytest.raises(ValidationError, match="name"):
        model_update(actor=None, instance=leave, data={"name": ""}, editable=("name",))

    def check(pending: Changes) -> None:
        assert pending == {"name": ["", "Libur"]}  # set, not yet cleaned (the instance kept the refused "")
        raise ValidationError({"name": ["Tulis keterangan yang lengkap."]})

    with pytest.raises(ValidationError, match="Tulis keterangan yang lengkap"):
        model_update(actor=None, instance=leave, data={"name": "Libur"}, editable=("name",), check=check)

    def guard(changes: Changes) -> None:
        raise ValidationError({"date": ["Tanggal ini sudah dipakai untuk tenggat."]})

    leave.refresh_from_db()
    with pytest.raises(ValidationError, match="sudah dipakai untuk tenggat"):
        model_update(
            actor=None, instance=leave, data={"date": date(2025, 12, 24)}, editable=("date",), guard=guard
        )
    stored = CollectiveLeaveDay.objects.get(pk=leave.pk)
    assert (stored.date, stored.name) == (date(2025, 12, 26), "Cuti bersama Natal")
    assert not AuditEvent.objects.exists()


def test_a_change_can_be_recorded_on_another_object_under_a_key(leave: CollectiveLeaveDay) -> None:
    other = CollectiveLeaveDay.objects.create(date=date(2025, 3, 31), name="Cuti bersama Idulfitri")
    model_update(
        actor=None,
        instance=leave,
        data={"name": "Natal"},
        editable=("name",),
        audit_on=other,
        audit_key="day_26",
    )
    event = AuditEvent.objects.get()
    assert event.object_id == str(other.pk)
    assert event.changes == {"day_26": {"name": ["Cuti bersama Natal", "Natal"]}}
