"""Levels and their rubrics as services: ranks, settings, what freezes once a level has applications, new versions."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from naikkelas.accounts.models import Organisation
from naikkelas.core.models import AuditEvent
from naikkelas.programs.models import Level, Tier
from naikkelas.programs.services.levels import (
    criterion_create,
    criterion_delete,
    criterion_update,
    level_create,
    level_update,
    level_version_create,
)
from naikkelas.programs.services.programs import (
    program_copy,
    program_create,
)
from naikkelas.programs.tests.services.test_programs import (  # noqa: F401 - shared helpers and fixtures  # noqa: F401 - shared helpers and fixtures
    FROZEN,
    apply_to,
    full_program,
    level_facts,
    province,
    semarang,
)
from naikkelas.selection.models import Application
from naikkelas.testing.programs import batch, program_with_levels

# --- levels and their frozen settings --------------------------------------------------------------------


pytestmark = pytest.mark.django_db


def test_a_new_level_gets_the_next_rank_and_the_described_default_rubric(province: Organisation) -> None:  # noqa: F811
    program = program_create(actor=None, name="Pelatihan", year=2027, owner=province)
    level = level_create(actor=None, program=program, name="Dasar", tier=Tier.REGENCY)
    assert level.rank == 1
    criteria = list(level.criteria.all())
    assert [(c.key, c.weight) for c in criteria] == [
        ("growth", 30), ("commitment", 30), ("product", 20), ("readiness", 20)
    ]  # fmt: skip
    assert all(
        len(c.score_descriptions) == 5 and all(c.score_descriptions) and c.description for c in criteria
    )
    assert criteria[1].scores[0] == (1, "Jawaban motivasi kosong atau tidak berkaitan dengan usahanya.")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": " "}, "name", "Tulis nama jenjang."),
        ({"min_omzet": -1}, "min_omzet", "Omzet minimal tidak boleh negatif."),
        ({"min_days_attended": 6}, "min_days_attended", "Hadir minimal tidak boleh lebih dari lama pelatihan (5 hari)."),
        ({"duration_days": 0}, "duration_days", "Lama pelatihan antara 1 dan 30 hari."),
        ({"min_assignments_passed_percent": 101}, "min_assignments_passed_percent", "Persen tugas lulus antara 0 dan 100."),
        ({"reviews_per_application": 0}, "reviews_per_application", "Penilai per pendaftar antara 1 dan 10."),
        ({"review_disagreement": Decimal("0")}, "review_disagreement", "Selisih nilai lebih dari 0 dan paling banyak 4."),
    ],
)  # fmt: skip
def test_bad_level_settings_are_refused_with_the_field_and_nothing_changes(
    province: Organisation,  # noqa: F811
    fields: dict[str, object],
    field: str,
    message: str,
) -> None:
    _program, level1, _level2 = program_with_levels(province)
    with pytest.raises(ValidationError) as caught:
        level_update(actor=None, level=level1, **fields)
    assert caught.value.message_dict == {field: [message]}
    level1.refresh_from_db()
    assert (level1.name, level1.min_omzet, level1.duration_days) == ("Dasar", 5_000_000, 5)
    assert not AuditEvent.objects.filter(object_type="programs.level", action="update").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("min_omzet", 4_000_000),
        ("min_business_months", 6),
        ("requires_nib", True),
        ("max_size_class", "medium"),
    ],
)
def test_once_a_level_has_applications_its_eligibility_settings_are_refused(
    province: Organisation,  # noqa: F811
    semarang: Organisation,  # noqa: F811
    field: str,
    value: object,
) -> None:
    _program, level1, _level2 = program_with_levels(province)
    apply_to(level1, semarang)
    before = level_facts(level1)
    with pytest.raises(ValidationError) as caught:
        level_update(actor=None, level=level1, **{field: value})
    assert caught.value.message_dict == {field: [FROZEN]}
    assert level_facts(Level.objects.get(pk=level1.pk)) == before
    assert not AuditEvent.objects.filter(object_type="programs.level", action="update").exists()


def test_once_used_wording_and_graduation_criteria_still_change(
    province: Organisation,  # noqa: F811
    semarang: Organisation,  # noqa: F811
) -> None:
    _program, level1, _level2 = program_with_levels(province)
    apply_to(level1, semarang)
    level_update(
        actor=None, level=level1, name="Dasar Mikro", min_days_attended=3,
        motivation_questions=["Apa yang ingin Anda kembangkan dari usaha Anda?"],
    )  # fmt: skip
    level1.refresh_from_db()
    assert (level1.name, level1.min_days_attended) == ("Dasar Mikro", 3)
    assert level1.motivation_questions == ["Apa yang ingin Anda kembangkan dari usaha Anda?"]
    with pytest.raises(ValidationError) as caught:
        level_update(actor=None, level=level1, motivation_questions=["Satu?", "Dua?"])
    assert caught.value.message_dict == {
        "motivation_questions": [
            "Jenjang ini sudah punya pendaftar; jumlah pertanyaan motivasi tetap 1 (jawaban tersimpan menurut "
            "urutan pertanyaan). Kata-katanya masih bisa diperbaiki."
        ]
    }


def test_once_used_the_rubric_is_reworded_but_not_reweighed_extended_or_cut(
    province: Organisation,  # noqa: F811
    semarang: Organisation,  # noqa: F811
) -> None:
    _program, level1, _level2 = program_with_levels(province)
    apply_to(level1, semarang)
    growth = level1.criteria.get(key="growth")
    criterion_update(actor=None, criterion=growth, label="Peluang tumbuh", description="Pasar dan rencana.")
    growth.refresh_from_db()
    assert (growth.label, growth.description, growth.weight) == ("Peluang tumbuh", "Pasar dan rencana.", 30)
    with pytest.raises(ValidationError) as caught:
        criterion_update(actor=None, criterion=growth, weight=50)
    assert caught.value.message_dict == {"weight": [FROZEN]}
    with pytest.raises(ValidationError) as caught:
        criterion_create(actor=None, level=level1, label="Baru", weight=10, score_descriptions=list("abcde"))
    assert caught.value.message_dict == {"label": [FROZEN]}
    with pytest.raises(ValidationError) as caught:
        criterion_delete(actor=None, criterion=growth)
    assert caught.value.message_dict == {"label": [FROZEN]}
    assert list(level1.criteria.values_list("key", "weight")) == [
        ("growth", 30), ("commitment", 30), ("product", 20), ("readiness", 20)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"label": "  "}, "label", "Tulis nama kriteria."),
        ({"weight": 0}, "weight", "Bobot antara 1 dan 100."),
        ({"weight": 101}, "weight", "Bobot antara 1 dan 100."),
        ({"score_descriptions": ["a", "b", "c", "d"]}, "score_descriptions", "Tulis arti setiap nilai, dari 1 sampai 5."),
        ({"score_descriptions": ["a", "b", "", "d", "e"]}, "score_descriptions", "Tulis arti setiap nilai, dari 1 sampai 5."),
    ],
)  # fmt: skip
def test_a_criterion_needs_a_name_a_weight_and_five_meanings(
    province: Organisation,  # noqa: F811
    fields: dict[str, object],
    field: str,
    message: str,
) -> None:
    _program, level1, _level2 = program_with_levels(province)
    values = {"label": "Pemasaran", "weight": 10, "score_descriptions": list("abcde"), **fields}
    with pytest.raises(ValidationError) as caught:
        criterion_create(actor=None, level=level1, **values)  # type: ignore[arg-type]
    assert caught.value.message_dict == {field: [message]}
    assert level1.criteria.count() == 4


def test_a_criterion_gets_a_key_of_its_own_and_the_last_one_stays(province: Organisation) -> None:  # noqa: F811
    _program, level1, _level2 = program_with_levels(province)
    made = [
        criterion_create(actor=None, level=level1, label=label, weight=5, score_descriptions=list("abcde"))
        for label in ("Komentar", "Mutu Produk", "Mutu produk")
    ]  # fmt: skip
    assert [c.key for c in made] == ["komentar", "mutu_produk", "mutu_produk_2"]
    for criterion in list(level1.criteria.all())[:-1]:
        criterion_delete(actor=None, criterion=criterion)
    last = level1.criteria.get()
    with pytest.raises(ValidationError, match=r"Jenjang perlu paling sedikit satu kriteria penilaian\."):
        criterion_delete(actor=None, criterion=last)
    assert level1.criteria.count() == 1


def test_a_new_version_copies_the_level_and_closes_the_old_one_for_batches(
    province: Organisation,  # noqa: F811
    semarang: Organisation,  # noqa: F811
) -> None:
    program, level1, _level2 = full_program(province)
    application = apply_to(level1, semarang)
    version2 = level_version_create(actor=None, level=level1)
    level1.refresh_from_db()
    assert (version2.rank, version2.version, version2.replaces, version2.closed_at) == (1, 2, level1, None)
    assert level1.closed_at is not None
    assert level_facts(version2) == level_facts(level1)
    level_update(actor=None, level=version2, min_omzet=3_000_000)  # no applications yet: free
    level1.refresh_from_db()
    assert level1.min_omzet == 7_500_000
    assert Application.objects.get(pk=application.pk).level == level1  # applicants keep their rules
    with pytest.raises(ValidationError) as caught:
        batch(level1, semarang, title="Lagi")
    assert caught.value.message_dict == {
        "level": [
            "Jenjang Pelatihan Berjenjang 2025 · 1. Dasar sudah diganti versi baru; buka angkatan dari versi "
            "terbaru."
        ]
    }
    assert batch(version2, semarang, title="Versi dua").level == version2
    with pytest.raises(
        ValidationError,
        match=r"Jenjang ini sudah diganti Pelatihan Berjenjang 2025 · 1\. Dasar \(v2\); buat versi dari yang terbaru\.",
    ):
        level_version_create(actor=None, level=level1)
    copy = program_copy(actor=None, source=program, year=2026, owner=province)
    assert list(copy.levels.values_list("rank", "version", "min_omzet")) == [
        (1, 1, 3_000_000),
        (2, 1, 5_000_000),
    ]
