"""Writes for programs, levels, their rubrics and batches.

A program is copied to a new year whole (levels, rubric, follow-up schedule, and through the providers
what later steps keep per level, such as training's session and assignment templates); batches are not
copied. Once a level has applications the settings that decide eligibility or ranking are frozen: the
way to change them is a new version of the level (`level_version_create`)."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from naikkelas.accounts.models import Organisation, User
from naikkelas.core.audit import audit_record, diff, snapshot
from naikkelas.core.text import one_line, plain_text
from naikkelas.programs import providers
from naikkelas.programs.models import (
    TIER_ORGANISATION,
    Batch,
    BatchQuota,
    Level,
    Program,
    RubricCriterion,
    Tier,
)
from naikkelas.programs.rules import end_date_for
from naikkelas.regions.models import Region

# --- programs -------------------------------------------------------------------------------------------

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
            _level_copy(actor=actor, source=level, program=program, version=1, replaces=None)
    return program


def program_update(*, actor: User | None, program: Program, **fields: Any) -> Program:
    """Rename a program, or close it for new batches (its year is over) and open it again."""
    before = snapshot(program)
    for name, value in fields.items():
        if name not in PROGRAM_EDITABLE:
            raise ValueError(f"program field {name} cannot be changed")
        setattr(program, name, value)
    _check_program(program)
    program.full_clean()
    changes = diff(before, snapshot(program))
    if changes:
        with transaction.atomic():
            program.save(update_fields=list(changes))
            audit_record(actor=actor, action="update", instance=program, changes=changes)
    return program


# --- levels ---------------------------------------------------------------------------------------------

# The default rubric of a new level: (key, label, weight, what is scored, what scores 1..5 mean).
DEFAULT_RUBRIC: list[tuple[str, str, int, str, list[str]]] = [
    ("growth", "Potensi tumbuh", 30,
     "Apakah usaha punya pasar dan rencana yang masuk akal untuk tumbuh setelah pelatihan.",
     ["Belum terlihat pasar atau rencana untuk tumbuh.",
      "Ada keinginan tumbuh, tetapi belum jelas caranya.",
      "Pasar ada dan rencana tumbuh cukup jelas.",
      "Pasar terus bertambah; rencana tumbuh jelas dan masuk akal.",
      "Sudah tumbuh nyata (omzet, pelanggan atau pekerja bertambah) dan rencananya terukur."]),
    ("commitment", "Komitmen", 30,
     "Kesungguhan pemilik mengikuti lima hari pelatihan, mengerjakan tugas, dan didampingi sesudahnya.",
     ["Jawaban motivasi kosong atau tidak berkaitan dengan usahanya.",
      "Ingin ikut, tetapi alasannya umum.",
      "Alasan ikut jelas dan berkaitan dengan masalah usahanya.",
      "Alasan jelas, sudah mencoba memperbaiki usaha sendiri, siap mengerjakan tugas.",
      "Tujuan terukur, sudah bertindak sendiri, dan siap didampingi setelah pelatihan."]),
    ("product", "Mutu produk", 20,
     "Mutu dan daya jual produk atau jasa: rasa, tampilan, kemasan, konsistensi.",
     ["Mutu produk belum layak dijual di luar lingkungan sekitar.",
      "Layak dijual, tetapi mutunya belum tetap.",
      "Mutu cukup baik dan tetap; kemasan sederhana.",
      "Mutu baik, kemasan menarik, pembeli datang kembali.",
      "Mutu unggul dan siap masuk pasar yang lebih luas (toko, daring, luar kota)."]),
    ("readiness", "Kesiapan", 20,
     "Kesiapan usaha menerapkan materi: pembukuan, izin, alat dan waktu pemilik.",
     ["Belum ada catatan usaha dan belum ada izin.",
      "Ada catatan seadanya; izin belum diurus.",
      "Ada catatan sederhana atau izin dasar (NIB).",
      "Pembukuan rutin dan izin dasar lengkap.",
      "Pembukuan rutin, izin lengkap (NIB, PIRT/halal bila perlu), siap segera menerapkan materi."]),
]  # fmt: skip

# What decides who is eligible: frozen once a level has applications (a new version changes them).
LEVEL_ELIGIBILITY = ("min_business_months", "min_omzet", "requires_nib", "max_size_class")
# Wording, the schedule's length, graduation criteria and review handling: may change at any time.
LEVEL_FREE = (
    "name", "duration_days", "min_days_attended", "min_assignments_passed_percent", "reviews_per_application",
    "review_disagreement",
)  # fmt: skip
LEVEL_EDITABLE = (*LEVEL_FREE, *LEVEL_ELIGIBILITY, "motivation_questions")
LEVEL_CREATE = (*LEVEL_EDITABLE, "tier")


def frozen_message() -> str:
    return _(
        "Jenjang ini sudah punya pendaftar; buat versi baru jenjang untuk mengubah syarat atau penilaian. "
        "Pendaftar yang ada tetap dinilai dengan aturan saat mereka mendaftar; nama, teks dan kriteria "
        "kelulusan masih bisa diubah di sini."
    )


def _questions(value: object) -> list[str]:
    if not isinstance(value, list | tuple):
        raise ValidationError({"motivation_questions": [_("Pertanyaan motivasi berupa daftar teks.")]})
    questions = [one_line(question)[:300] for question in value]
    return [question for question in questions if question]


def _check_level(level: Level) -> None:
    errors: dict[str, list[str]] = {}
    level.name = one_line(level.name)[:100]
    if not level.name:
        errors["name"] = [_("Tulis nama jenjang.")]
    level.motivation_questions = _questions(level.motivation_questions)
    if isinstance(level.duration_days, int) and not 1 <= level.duration_days <= 30:
        errors["duration_days"] = [_("Lama pelatihan antara 1 dan 30 hari.")]
    if (
        isinstance(level.min_days_attended, int)
        and "duration_days" not in errors
        and level.min_days_attended > level.duration_days
    ):
        errors["min_days_attended"] = [
            _("Hadir minimal tidak boleh lebih dari lama pelatihan (%(days)s hari).")
            % {"days": level.duration_days}
        ]
    if isinstance(level.min_assignments_passed_percent, int) and level.min_assignments_passed_percent > 100:
        errors["min_assignments_passed_percent"] = [_("Persen tugas lulus antara 0 dan 100.")]
    if isinstance(level.min_omzet, int) and level.min_omzet < 0:
        errors["min_omzet"] = [_("Omzet minimal tidak boleh negatif.")]
    if isinstance(level.min_business_months, int) and level.min_business_months > 600:
        errors["min_business_months"] = [_("Umur usaha minimal paling banyak 600 bulan (50 tahun).")]
    if isinstance(level.reviews_per_application, int) and not 1 <= level.reviews_per_application <= 10:
        errors["reviews_per_application"] = [_("Penilai per pendaftar antara 1 dan 10.")]
    if isinstance(level.review_disagreement, Decimal | int) and not 0 < level.review_disagreement <= 4:
        errors["review_disagreement"] = [_("Selisih nilai lebih dari 0 dan paling banyak 4.")]
    if errors:
        raise ValidationError(errors)


def level_create(*, actor: User | None, program: Program, rank: int | None = None, **fields: Any) -> Level:
    """Add a level to a program (ranks 1..n without gaps) with the default scoring rubric."""
    for name in fields:
        if name not in LEVEL_CREATE:
            raise ValueError(f"level field {name} cannot be set")
    expected = (max(program.levels.values_list("rank", flat=True), default=0) or 0) + 1
    if rank is None:
        rank = expected
    if rank != expected:
        raise ValidationError(
            {"rank": [_("Jenjang berikutnya program ini adalah %(rank)s.") % {"rank": expected}]}
        )
    if not program.is_open:
        raise ValidationError(
            {"program": [_("Program ini sudah ditutup; buka kembali untuk menambah jenjang.")]}
        )
    level = Level(program=program, rank=rank, **fields)
    _check_level(level)
    level.full_clean()
    with transaction.atomic():
        level.save()
        RubricCriterion.objects.bulk_create(
            RubricCriterion(
                level=level, key=key, label=label, weight=weight, description=description,
                score_descriptions=list(scores), order=index,
            )
            for index, (key, label, weight, description, scores) in enumerate(DEFAULT_RUBRIC)
        )  # fmt: skip
        audit_record(actor=actor, action="create", instance=level, changes=snapshot(level))
    return level


def level_update(*, actor: User | None, level: Level, **fields: Any) -> Level:
    """Change a level's name, thresholds or criteria (an admin's decision, audited). Once it has
    applications, the eligibility thresholds and the number of motivation questions stay as they are."""
    before = snapshot(level)
    for name, value in fields.items():
        if name not in LEVEL_EDITABLE:
            raise ValueError(f"level field {name} cannot be changed")
        setattr(level, name, value)
    _check_level(level)
    level.full_clean()
    changes = diff(before, snapshot(level))
    if not changes:
        return level
    with transaction.atomic():
        # Locked, so an application arriving now waits and then meets the rules as saved.
        Level.objects.select_for_update().filter(pk=level.pk).first()
        if providers.applications_count(level):
            frozen = [name for name in LEVEL_ELIGIBILITY if name in changes]
            errors = {name: [frozen_message()] for name in frozen}
            if len(level.motivation_questions) != len(before["motivation_questions"] or []):
                errors["motivation_questions"] = [
                    _(
                        "Jenjang ini sudah punya pendaftar; jumlah pertanyaan motivasi tetap %(count)s "
                        "(jawaban tersimpan menurut urutan pertanyaan). Kata-katanya masih bisa diperbaiki."
                    )
                    % {"count": len(before["motivation_questions"] or [])}
                ]
            if errors:
                raise ValidationError(errors)
        level.save(update_fields=list(changes))
        audit_record(actor=actor, action="update", instance=level, changes=changes)
    return level


def _level_copy(
    *, actor: User | None, source: Level, program: Program, version: int, replaces: Level | None
) -> Level:
    """A deep copy of a level (settings, rubric, later steps' per-level data); inside a transaction."""
    values = {name: getattr(source, name) for name in LEVEL_CREATE}
    values["motivation_questions"] = list(source.motivation_questions or [])
    level = Level(program=program, rank=source.rank, version=version, replaces=replaces, **values)
    level.full_clean()
    level.save()
    RubricCriterion.objects.bulk_create(
        RubricCriterion(
            level=level, key=c.key, label=c.label, weight=c.weight, description=c.description,
            score_descriptions=list(c.score_descriptions or []), order=c.order,
        )
        for c in source.criteria.all()
    )  # fmt: skip
    providers.copy_level_extras(source, level)
    audit_record(
        actor=actor, action="create", instance=level, changes={**snapshot(level), "copied_from": source.pk}
    )
    return level


def level_version_create(*, actor: User | None, level: Level) -> Level:
    """A new version of a level in the same program (a copy to change the rules in), and the old one
    closed for new batches; its batches and applications stay with the rules they were judged by."""
    with transaction.atomic():
        current = Level.objects.select_for_update().select_related("program").get(pk=level.pk)
        if current.closed_at is not None:
            newest = Level.objects.filter(
                program=current.program, rank=current.rank, closed_at__isnull=True
            ).first()
            raise ValidationError(
                _("Jenjang ini sudah diganti %(newest)s; buat versi dari yang terbaru.")
                % {"newest": newest or _("versi lain")}
            )
        if not current.program.is_open:
            raise ValidationError(
                _("Program ini sudah ditutup; buka kembali untuk membuat versi baru jenjang.")
            )
        latest = max(
            Level.objects.filter(program=current.program, rank=current.rank).values_list("version", flat=True)
        )
        current.closed_at = timezone.now()
        current.save(update_fields=["closed_at"])
        audit_record(
            actor=actor, action="update", instance=current,
            changes={"closed_at": [None, current.closed_at.isoformat()]},
        )  # fmt: skip
        created = _level_copy(
            actor=actor, source=current, program=current.program, version=latest + 1, replaces=current
        )
    level.closed_at = current.closed_at
    return created


# --- rubric ---------------------------------------------------------------------------------------------

CRITERION_WORDING = ("label", "description", "score_descriptions")
CRITERION_EDITABLE = (*CRITERION_WORDING, "weight", "order")
RESERVED_KEYS = {"comment"}


def _check_criterion(criterion: RubricCriterion) -> None:
    errors: dict[str, list[str]] = {}
    criterion.label = one_line(criterion.label)[:100]
    criterion.description = plain_text(criterion.description)[:1000]
    if not criterion.label:
        errors["label"] = [_("Tulis nama kriteria.")]
    if not isinstance(criterion.weight, int) or not 1 <= criterion.weight <= 100:
        errors["weight"] = [_("Bobot antara 1 dan 100.")]
    texts = criterion.score_descriptions
    if not isinstance(texts, list | tuple):
        texts = []
    texts = [one_line(text)[:300] for text in texts]
    if len(texts) != 5 or not all(texts):
        errors["score_descriptions"] = [_("Tulis arti setiap nilai, dari 1 sampai 5.")]
    criterion.score_descriptions = texts
    if errors:
        raise ValidationError(errors)


def _refuse_if_used(level: Level, field: str) -> None:
    Level.objects.select_for_update().filter(pk=level.pk).first()
    if providers.applications_count(level):
        raise ValidationError({field: [frozen_message()]})


def criterion_create(
    *, actor: User | None, level: Level, label: str, weight: int, description: str = "",
    score_descriptions: list[str],
) -> RubricCriterion:  # fmt: skip
    """Add a criterion to a level's rubric (before the level has applications)."""
    criterion = RubricCriterion(
        level=level, label=label, weight=weight, description=description,
        score_descriptions=score_descriptions,
    )  # fmt: skip
    _check_criterion(criterion)
    taken = set(level.criteria.values_list("key", flat=True)) | RESERVED_KEYS
    base = slugify(criterion.label).replace("-", "_")[:34] or "kriteria"
    key, number = base, 1
    while key in taken:
        number += 1
        key = f"{base}_{number}"
    criterion.key = key
    criterion.order = (max(level.criteria.values_list("order", flat=True), default=-1) or 0) + 1
    criterion.full_clean()
    with transaction.atomic():
        _refuse_if_used(level, "label")
        criterion.save()
        audit_record(
            actor=actor, action="update", instance=level, changes={"criterion_added": snapshot(criterion)}
        )
    return criterion


def criterion_update(*, actor: User | None, criterion: RubricCriterion, **fields: Any) -> RubricCriterion:
    """Reword a criterion at any time; its weight and order only before the level has applications."""
    before = snapshot(criterion)
    for name, value in fields.items():
        if name not in CRITERION_EDITABLE:
            raise ValueError(f"criterion field {name} cannot be changed")
        setattr(criterion, name, value)
    _check_criterion(criterion)
    criterion.full_clean()
    changes = diff(before, snapshot(criterion))
    if not changes:
        return criterion
    with transaction.atomic():
        if "weight" in changes or "order" in changes:
            _refuse_if_used(criterion.level, "weight" if "weight" in changes else "order")
        criterion.save(update_fields=list(changes))
        audit_record(
            actor=actor, action="update", instance=criterion.level,
            changes={f"criterion_{criterion.key}": changes},
        )  # fmt: skip
    return criterion


def criterion_delete(*, actor: User | None, criterion: RubricCriterion) -> None:
    """Remove a criterion (before the level has applications); a level keeps at least one."""
    level = criterion.level
    with transaction.atomic():
        _refuse_if_used(level, "label")
        if level.criteria.count() <= 1:
            raise ValidationError(_("Jenjang perlu paling sedikit satu kriteria penilaian."))
        audit_record(
            actor=actor, action="update", instance=level, changes={"criterion_removed": snapshot(criterion)}
        )
        criterion.delete()


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


def _check_batch(batch: Batch) -> None:
    errors: dict[str, list[str]] = {}
    batch.title = one_line(batch.title)
    batch.venue = one_line(batch.venue)
    if not batch.title:
        errors["title"] = [_("Tulis judul angkatan.")]
    if isinstance(batch.capacity, int) and batch.capacity < 1:
        errors["capacity"] = [_("Kapasitas paling sedikit 1 peserta.")]
    organiser = batch.organiser
    level = batch.level
    if organiser.kind != TIER_ORGANISATION[Tier(level.tier)]:
        errors["organiser"] = [
            _(
                "Jenjang %(level)s diselenggarakan oleh %(tier)s; %(organiser)s bukan penyelenggara yang tepat."
            )
            % {"level": level.name, "tier": level.get_tier_display(), "organiser": organiser.name}
        ]
    elif organiser.region is None:
        errors["organiser"] = [_("Penyelenggara harus memiliki wilayah.")]
    if (
        isinstance(batch.opens_on, date)
        and isinstance(batch.closes_on, date)
        and batch.closes_on < batch.opens_on
    ):
        errors["closes_on"] = [_("Pendaftaran harus ditutup setelah dibuka.")]
    if (
        isinstance(batch.closes_on, date)
        and isinstance(batch.start_date, date)
        and batch.start_date <= batch.closes_on
    ):
        errors["start_date"] = [_("Pelatihan dimulai setelah pendaftaran ditutup.")]
    if errors:
        raise ValidationError(errors)
    region = organiser.region
    assert region is not None
    batch.province_code = region.province_code
    batch.regency_code = region.regency_code
    batch.end_date = end_date_for(batch.start_date, level.duration_days)


def _check_level_takes_batches(level: Level, organiser: Organisation) -> None:
    """Batches are opened only of the current version of a level, in an open program of the organiser's
    own province (the tier is checked with the rest of the batch)."""
    owner_region = level.program.owner.region
    if organiser.region is not None and (
        owner_region is None or owner_region.province_code != organiser.region.province_code
    ):
        raise ValidationError({"level": [_("Jenjang ini milik program provinsi lain.")]})
    if not level.program.is_open:
        raise ValidationError(
            {
                "level": [
                    _("Program %(program)s sudah ditutup; buka angkatan di program yang sedang berjalan.")
                    % {"program": level.program}
                ]
            }
        )
    if level.closed_at is not None:
        raise ValidationError(
            {
                "level": [
                    _("Jenjang %(level)s sudah diganti versi baru; buka angkatan dari versi terbaru.")
                    % {"level": level}
                ]
            }
        )


def batch_create(*, actor: User | None, level: Level, organiser: Organisation, **fields: Any) -> Batch:
    """A batch of a level run by an organiser of the level's tier, of the current version of a level in
    an open program of the organiser's province; its end date follows the duration."""
    batch = Batch(level=level, organiser=organiser, **fields)
    _check_batch(batch)
    batch.full_clean()
    with transaction.atomic():
        # Locked, so a program closing or a new version being made at this moment is seen.
        locked = (
            Level.objects.select_for_update(of=("self", "program"))
            .select_related("program__owner__region")
            .get(pk=level.pk)
        )
        _check_level_takes_batches(locked, organiser)
        batch.save()
        audit_record(actor=actor, action="create", instance=batch, changes=snapshot(batch))
    return batch


BATCH_LABELS = ("title", "venue")  # may change at any time: correcting a name breaks no promise
BATCH_SCHEDULE = ("start_date", "capacity", "opens_on", "closes_on")  # fixed once results are published


def batch_update(*, actor: User | None, batch: Batch, **fields: Any) -> Batch:
    """Rename a batch or change its venue (at any time), or its dates and capacity (until its selection
    results are published); validated like a new batch and audited."""
    before = snapshot(batch)
    for name, value in fields.items():
        if name not in BATCH_LABELS + BATCH_SCHEDULE:
            raise ValueError(f"batch field {name} cannot be changed")
        setattr(batch, name, value)
    if batch.is_published:
        moved = [name for name, value in snapshot(batch, BATCH_SCHEDULE).items() if value != before[name]]
        if moved:
            message = _(
                "Hasil seleksi angkatan ini sudah diumumkan; tanggal dan kapasitas tidak dapat diubah lagi "
                "(judul dan tempat masih bisa)."
            )
            raise ValidationError({name: [message] for name in moved})
    _check_batch(batch)
    batch.full_clean()
    changes = diff(before, snapshot(batch))
    if changes:
        with transaction.atomic():
            batch.save(update_fields=list(changes))
            audit_record(actor=actor, action="update", instance=batch, changes=changes)
    return batch


def batch_quota_set(*, actor: User | None, batch: Batch, regency: Region, seats: int) -> BatchQuota:
    """Cap the seats applicants from one regency/city may take (within the organiser's region)."""
    if regency.kind != Region.Kind.REGENCY or regency.province_code != batch.province_code:
        raise ValidationError({"regency": [_("Kuota hanya untuk kabupaten/kota di wilayah penyelenggara.")]})
    if seats > batch.capacity:
        raise ValidationError({"seats": [_("Kuota tidak boleh melebihi kapasitas angkatan.")]})
    with transaction.atomic():
        quota, _created = BatchQuota.objects.update_or_create(
            batch=batch, regency=regency, defaults={"seats": seats}
        )
        audit_record(actor=actor, action="update", instance=batch, changes={"quota": [regency.code, seats]})
    return quota
