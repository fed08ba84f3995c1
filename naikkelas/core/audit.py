"""The audit trail: services call these inside their transaction."""

from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from naikkelas.core.models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of an instance, JSON-ready, keyed by attribute name."""
    # Encrypted columns stay out of the audit trail; their keyed hash shows that the value changed.
    names = fields or [
        f.attname for f in instance._meta.concrete_fields if not f.attname.endswith("_encrypted")
    ]
    return {name: _plain(getattr(instance, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def changed_fields(instance: models.Model, changes: dict[str, Any]) -> list[str]:
    """The field names (for `save(update_fields=...)`) of a diff keyed by attribute name."""
    by_attname = {f.attname: f.name for f in instance._meta.concrete_fields}
    return [by_attname[name] for name in changes if name in by_attname]


def audit_record(
    *,
    actor: Any,
    action: str,
    instance: models.Model,
    changes: dict[str, Any],
) -> AuditEvent:
    """Write one audit row for a change a service just made."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
    )


Changes = dict[str, list[Any]]


def _secrets(instance: models.Model) -> dict[str, Any]:
    """The encrypted columns `snapshot` leaves out."""
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.attname.endswith("_encrypted")
    }


def model_update[M: models.Model](
    *,
    actor: Any,
    instance: M,
    data: Mapping[str, Any],
    editable: Collection[str],
    check: Callable[[Changes], None] | None = None,
    guard: Callable[[Changes], None] | None = None,
    audit_on: models.Model | None = None,
    audit_key: str | None = None,
    validate_constraints: bool = True,
) -> Changes:
    """Change the `editable` fields of an instance named in `data`, validate, save only what changed
    and write one audit entry with the diff; return the diff (empty: nothing was written).

    `check(pending)` runs the service's own rules after the values are set and before `full_clean()`
    (it may normalise them); `guard(changes)` runs inside the transaction before saving, for rules that
    need a lock (e.g. "frozen once there are applications"). A `ValidationError` from either, or from
    `full_clean()`, leaves the database as it was. A name outside `editable` is a programming error
    (`ValueError`), not a user's. The entry is written on `audit_on` (default the instance), under
    `audit_key` when given (a criterion's change recorded on its level).

    Besides what changed, the save writes the row's `auto_now` stamps and any encrypted column whose
    ciphertext changed (the trail shows its keyed hash instead). `validate_constraints=False` leaves the
    database constraints to the save, for a service that answers their `IntegrityError` in its own words."""
    for name in data:
        if name not in editable:
            raise ValueError(f"{instance._meta.label_lower} field {name} cannot be changed")
    before = snapshot(instance)
    secret_before = _secrets(instance)
    for name, value in data.items():
        setattr(instance, name, value)
    if check is not None:
        check(diff(before, snapshot(instance)))
    instance.full_clean(validate_constraints=validate_constraints)
    changes = diff(before, snapshot(instance))
    if not changes:
        return changes
    secrets = [name for name, value in _secrets(instance).items() if secret_before[name] != value]
    stamps = [f.attname for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
    with transaction.atomic():
        if guard is not None:
            guard(changes)
        instance.save(update_fields=[*changes, *secrets, *(s for s in stamps if s not in changes)])
        audit_record(
            actor=actor, action="update", instance=audit_on or instance,
            changes={audit_key: changes} if audit_key else changes,
        )  # fmt: skip
    return changes


def audit_for(instance: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk)
    ).select_related("actor")


def audit_record_many(
    *, actor: Any, action: str, changes_by_instance: list[tuple[models.Model, dict[str, Any]]]
) -> None:
    """Write the audit rows of a bulk change in one insert."""
    who = actor if getattr(actor, "is_authenticated", False) else None
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=who, action=action, object_type=instance._meta.label_lower, object_id=str(instance.pk),
                object_repr=str(instance)[:200], changes=changes,
            )
            for instance, changes in changes_by_instance
        ],
        batch_size=1000,
    )  # fmt: skip


def audit_redact(*, model: type[models.Model], object_ids: Iterable[object], text: str = "(dihapus)") -> int:
    """Forget what the trail says about these objects (their name, their changes) and keep that they
    changed: an anonymised person's history must not hold their details."""
    return AuditEvent.objects.filter(
        object_type=model._meta.label_lower, object_id__in=[str(pk) for pk in object_ids]
    ).update(object_repr=text, changes={"anonymised": True})
