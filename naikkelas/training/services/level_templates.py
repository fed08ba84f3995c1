"""A level's templates: the sessions of its days and its assignments, which each new batch copies.

Edited by the program owner's admins on the level's pages; a batch that already has its schedule or its
assignments keeps them (it copied them when they were made). When programs copies a level (a program
copied to a new year, or a new version of a level) it calls `level_templates_copy`, registered in
TrainingConfig.ready(), inside its transaction.
"""

from datetime import time
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core import formats
from naikkelas.core.audit import audit_record, model_update, snapshot
from naikkelas.core.text import one_line, plain_text
from naikkelas.programs.models import Level
from naikkelas.training.models import AssignmentTemplate, SessionTemplate
from naikkelas.training.services.assignments import assignment_templates_ensure
from naikkelas.training.services.schedule import session_templates_ensure

# Names the assignment page already uses for its own inputs: a figure may not take them.
RESERVED_FIGURE_KEYS = {"text", "files", "csrfmiddlewaretoken"}


def level_templates_copy(source: Level, target: Level) -> None:
    """Copy a level's session and assignment templates onto another level (the programs copier)."""
    SessionTemplate.objects.bulk_create(
        SessionTemplate(level=target, day=t.day, start_time=t.start_time, end_time=t.end_time, topic=t.topic)
        for t in source.session_templates.all()
    )
    AssignmentTemplate.objects.bulk_create(
        AssignmentTemplate(
            level=target, title=t.title, instructions=t.instructions, wants_text=t.wants_text,
            wants_files=t.wants_files, figure_fields=[dict(f) for f in t.figure_fields or []],
            due_after_days=t.due_after_days, order=t.order,
        )
        for t in source.assignment_templates.all()
    )  # fmt: skip


def level_templates_start(*, actor: User | None, level: Level) -> int:
    """Give a level the standard five days and assignments to edit from (only what it has none of)."""
    with transaction.atomic():
        created = session_templates_ensure(level=level) + assignment_templates_ensure(level=level)
        if created:
            audit_record(actor=actor, action="update", instance=level, changes={"templates_created": created})
    return created


# --- sessions -------------------------------------------------------------------------------------------

SESSION_FIELDS = ("day", "start_time", "end_time", "topic")


def _check_session(template: SessionTemplate) -> None:
    errors: dict[str, list[str]] = {}
    template.topic = one_line(template.topic)[:200]
    days = template.level.duration_days
    if not template.topic:
        errors["topic"] = [_("Tulis topik sesi.")]
    if not isinstance(template.day, int) or not 1 <= template.day <= days:
        errors["day"] = [_("Hari ke- antara 1 dan %(days)s (lama pelatihan jenjang ini).") % {"days": days}]
    start, end = template.start_time, template.end_time
    if isinstance(start, time) and isinstance(end, time) and end <= start:
        errors["end_time"] = [_("Sesi harus selesai setelah dimulai.")]
    if not errors:
        clash = (
            SessionTemplate.objects.filter(level=template.level, day=template.day)
            .exclude(pk=template.pk)
            .filter(start_time__lt=end, end_time__gt=start)
            .first()
        )
        if clash is not None:
            errors["start_time"] = [
                _("Bertabrakan dengan sesi %(topic)s (%(start)s–%(end)s) pada hari yang sama.")
                % {
                    "topic": clash.topic,
                    "start": formats.time_of_day(clash.start_time),
                    "end": formats.time_of_day(clash.end_time),
                }
            ]
    if errors:
        raise ValidationError(errors)


class SessionTemplateFields(TypedDict, total=False):
    """A session of a level's days (SESSION_FIELDS)."""

    day: int
    start_time: time
    end_time: time
    topic: str


def session_template_create(
    *, actor: User | None, level: Level, **fields: Unpack[SessionTemplateFields]
) -> SessionTemplate:
    """Add a session to a level's days."""
    for name in fields:
        if name not in SESSION_FIELDS:
            raise ValueError(f"session template field {name} cannot be set")
    template = SessionTemplate(level=level, **fields)
    _check_session(template)
    template.full_clean()
    with transaction.atomic():
        template.save()
        audit_record(actor=actor, action="create", instance=template, changes=snapshot(template))
    return template


def session_template_update(
    *, actor: User | None, template: SessionTemplate, **fields: Unpack[SessionTemplateFields]
) -> SessionTemplate:
    """Change a session of a level's days (batches that already have their schedule keep theirs)."""
    model_update(
        actor=actor, instance=template, data=fields, editable=SESSION_FIELDS,
        check=lambda _pending: _check_session(template),
    )  # fmt: skip
    return template


def session_template_delete(*, actor: User | None, template: SessionTemplate) -> None:
    """Remove a session from a level's days."""
    with transaction.atomic():
        audit_record(actor=actor, action="delete", instance=template, changes=snapshot(template))
        template.delete()


# --- assignments ----------------------------------------------------------------------------------------

ASSIGNMENT_FIELDS = ("title", "instructions", "wants_text", "wants_files", "figure_labels", "due_after_days")


def figure_fields_for(labels: list[str], existing: list[dict[str, str]]) -> list[dict[str, str]]:
    """The figures an assignment asks for, from their labels: a label already asked keeps its key (so
    earlier answers still match), a new one gets a key made from its words."""
    keys_by_label = {field["label"]: field["key"] for field in existing}
    taken = set(RESERVED_FIGURE_KEYS)
    fields = []
    for raw in labels:
        label = one_line(raw)[:100]
        if not label:
            continue
        key = keys_by_label.get(label)
        if key is None or key in taken:
            base = slugify(label).replace("-", "_")[:40] or "angka"
            key, number = base, 1
            while key in taken:
                number += 1
                key = f"{base}_{number}"
        taken.add(key)
        fields.append({"key": key, "label": label})
    return fields


class AssignmentTemplateFields(TypedDict, total=False):
    """An assignment of a level (ASSIGNMENT_FIELDS); `figure_labels` become its `figure_fields`."""

    title: str
    instructions: str
    wants_text: bool
    wants_files: bool
    figure_labels: list[str]
    due_after_days: int


def _apply_assignment(template: AssignmentTemplate, fields: AssignmentTemplateFields) -> None:
    values: dict[str, Any] = dict(fields)
    for name, value in values.items():
        if name not in ASSIGNMENT_FIELDS:
            raise ValueError(f"assignment template field {name} cannot be set")
        if name == "figure_labels":
            template.figure_fields = figure_fields_for(list(value), list(template.figure_fields or []))
        else:
            setattr(template, name, value)


def _check_assignment(template: AssignmentTemplate) -> None:
    errors: dict[str, list[str]] = {}
    template.title = one_line(template.title)[:200]
    template.instructions = plain_text(template.instructions)[:5000]
    if not template.title:
        errors["title"] = [_("Tulis judul tugas.")]
    if not template.instructions:
        errors["instructions"] = [_("Tulis petunjuk tugas: apa yang dikerjakan peserta untuk usahanya.")]
    if not (template.wants_text or template.wants_files or template.figure_fields):
        errors["wants_text"] = [_("Tugas harus meminta sesuatu: jawaban teks, foto/dokumen, atau angka.")]
    if not isinstance(template.due_after_days, int) or not 0 <= template.due_after_days <= 365:
        errors["due_after_days"] = [_("Batas waktu antara 0 dan 365 hari setelah hari pertama.")]
    if len(template.figure_fields or []) > 10:
        errors["figure_labels"] = [_("Paling banyak 10 isian angka per tugas.")]
    if errors:
        raise ValidationError(errors)


def assignment_template_create(
    *, actor: User | None, level: Level, **fields: Unpack[AssignmentTemplateFields]
) -> AssignmentTemplate:
    """Add an assignment to a level: each new batch gets it, due the given days after its first day."""
    template = AssignmentTemplate(level=level, figure_fields=[])
    _apply_assignment(template, fields)
    _check_assignment(template)
    template.order = (max(level.assignment_templates.values_list("order", flat=True), default=-1) or 0) + 1
    template.full_clean()
    with transaction.atomic():
        template.save()
        audit_record(actor=actor, action="create", instance=template, changes=snapshot(template))
    return template


def assignment_template_update(
    *, actor: User | None, template: AssignmentTemplate, **fields: Unpack[AssignmentTemplateFields]
) -> AssignmentTemplate:
    """Change an assignment of a level (batches that already have their assignments keep theirs)."""
    values: dict[str, Any] = dict(fields)
    if "figure_labels" in values:
        labels = values.pop("figure_labels")
        values["figure_fields"] = figure_fields_for(list(labels), list(template.figure_fields or []))
    editable = [name for name in ASSIGNMENT_FIELDS if name != "figure_labels"] + ["figure_fields"]
    model_update(
        actor=actor, instance=template, data=values, editable=editable,
        check=lambda _pending: _check_assignment(template),
    )  # fmt: skip
    return template


def assignment_template_delete(*, actor: User | None, template: AssignmentTemplate) -> None:
    """Remove an assignment from a level."""
    with transaction.atomic():
        audit_record(actor=actor, action="delete", instance=template, changes=snapshot(template))
        template.delete()
