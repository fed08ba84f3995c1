"""The audit trail: services call these inside their transaction."""

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import models

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
