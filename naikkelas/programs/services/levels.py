"""Writes for levels (tiers) and their rubrics.

Once a level has applications the settings that decide eligibility or ranking are frozen: the way to
change them is a new version of the level (`level_version_create`)."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record, diff, snapshot
from naikkelas.core.text import one_line, plain_text
from naikkelas.programs import providers
from naikkelas.programs.models import (
    Level,
    Program,
    RubricCriterion,
)

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


def level_copy(
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
        created = level_copy(
            actor=actor, source=current, program=current.program, version=latest + 1, replaces=current
        )
    level.closed_at = current.closed_at
    return created


# The rubric: the criteria reviewers score a level's applicants on.

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
