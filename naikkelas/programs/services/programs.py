"""Writes for programs: created, renamed, closed, and copied to a new year whole (levels, rubric,
follow-up schedule, and through the providers what later steps keep per level, such as training's session
and assignment templates); batches are not copied."""

from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from naikkelas.accounts.models import Organisation, User
from naikkelas.core.audit import audit_record, diff, model_update, snapshot
from naikkelas.core.text import one_line
from naikkelas.programs.models import (
    Program,
)
from naikkelas.programs.services.levels import level_copy

PROGRAM_EDITABLE = ("name", "status")


def _check_program(program: Program) -> None:
    errors: dict[str, list[str]] = {}
    program.name = one_line(program.name)[:200]
    if not program.name:
        errors["name"] = [_("Tulis nama program.")]
    if not isinstance(program.year, int) or not 2000 <= program.year <= 2100:
        errors["year"] = [_("Tahun program antara 2000 dan 2100.")]
    if program.owner.kind != Organisation.Kind.PROVINCE_CENTRE or program.owner.region is None:
        errors["owner"] = [
            _("Program dibuat oleh balai pelatihan provinsi; %(owner)s bukan balai provinsi.")
            % {"owner": program.owner.name}
        ]
    if program.status not in Program.Status.values:
        errors["status"] = [_("Status program tidak dikenal.")]
    if errors:
        raise ValidationError(errors)
    same = Program.objects.filter(owner=program.owner, name=program.name, year=program.year)
    if same.exclude(pk=program.pk).exists():
        raise ValidationError(
            {
                "name": [
                    _("Program %(name)s %(year)s sudah ada.") % {"name": program.name, "year": program.year}
                ]
            }
        )


def program_create(*, actor: User | None, name: str, year: int, owner: Organisation) -> Program:
    """A new, open program of a province's training centre for a year (no levels yet)."""
    program = Program(name=name, year=year, owner=owner)
    _check_program(program)
    program.full_clean()
    with transaction.atomic():
        program.save()
        audit_record(actor=actor, action="create", instance=program, changes=snapshot(program))
    return program


def program_copy(
    *, actor: User | None, source: Program, year: int, owner: Organisation, name: str = ""
) -> Program:
    """Last year's program as this year's: its open levels with their eligibility settings, rubric and
    graduation criteria, what later steps keep per level (session and assignment templates), and the
    follow-up schedule. Batches are not copied. A program is copied into a year once."""
    with transaction.atomic():
        source = Program.objects.select_for_update().get(pk=source.pk)  # two copies at once: one waits
        earlier = Program.objects.filter(copied_from=source, year=year).first()
        if earlier is not None:
            raise ValidationError(
                {
                    "year": [
                        _(
                            "Program %(source)s sudah disalin ke tahun %(year)s (%(copy)s). Ubah salinan itu, "
                            "atau pilih tahun lain."
                        )
                        % {"source": source, "year": year, "copy": earlier}
                    ]
                }
            )
        program = Program(
            name=name or source.name, year=year, owner=owner, copied_from=source,
            followup_months=list(source.followup_months), followup_jump_factor=source.followup_jump_factor,
        )  # fmt: skip
        _check_program(program)
        program.full_clean()
        program.save()
        audit_record(actor=actor, action="create", instance=program, changes=snapshot(program))
        for level in source.levels.filter(closed_at__isnull=True).order_by("rank"):
            level_copy(actor=actor, source=level, program=program, version=1, replaces=None)
    return program


class ProgramChanges(TypedDict, total=False):
    """What `program_update` may change (PROGRAM_EDITABLE)."""

    name: str
    status: str


def program_update(*, actor: User | None, program: Program, **fields: Unpack[ProgramChanges]) -> Program:
    """Rename a program, or close it for new batches (its year is over) and open it again."""
    model_update(
        actor=actor, instance=program, data=fields, editable=PROGRAM_EDITABLE,
        check=lambda _pending: _check_program(program),
    )  # fmt: skip
    return program


def program_followup_update(
    *, actor: User | None, program: Program, months: list[int], jump_factor: Decimal
) -> Program:
    """Set when graduates owe follow-up figures (months after graduation) and the jump that asks for
    confirmation. Follow-ups already created keep their dates; new ones follow the new schedule."""
    months = sorted(set(months))
    if not months or any(m < 1 or m > 60 for m in months):
        raise ValidationError({"months": [_("Isi bulan antara 1 dan 60, misalnya 3, 6, 12.")]})
    if jump_factor <= 1:
        raise ValidationError({"jump_factor": [_("Batas lonjakan harus lebih dari 1.")]})
    before = snapshot(program)
    program.followup_months, program.followup_jump_factor = months, jump_factor
    program.full_clean()
    changes = diff(before, snapshot(program))
    if changes:
        with transaction.atomic():
            program.save(update_fields=["followup_months", "followup_jump_factor"])
            audit_record(actor=actor, action="update", instance=program, changes=changes)
    return program


def program_for_past_year(
    *, actor: User | None, owner: Organisation, year: int, reference: Program
) -> Program:
    """The province's program of a past year (a history import): the one it has, else a closed copy of
    `reference` (its levels, rubric and per-level settings) named for that year."""
    existing = Program.objects.filter(owner=owner, year=year).order_by("pk").first()
    if existing is not None:
        return existing
    program = program_copy(
        actor=actor, source=reference, year=year, owner=owner,
        name=_("Pelatihan berjenjang (riwayat)"),  # the year follows the name wherever it is shown
    )  # fmt: skip
    return program_update(actor=actor, program=program, status=Program.Status.CLOSED)
