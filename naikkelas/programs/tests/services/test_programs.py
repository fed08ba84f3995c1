"""A year set up without the Django admin: programs created, copied (once, whole, or not at all),
renamed and closed. Levels, rubrics and batches have their own modules beside this one."""

from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from naikkelas.accounts.models import Organisation
from naikkelas.core.models import AuditEvent
from naikkelas.programs.models import Batch, Level, Program, RubricCriterion, Tier
from naikkelas.programs.services.levels import (
    criterion_create,
    criterion_update,
    level_create,
    level_update,
)
from naikkelas.programs.services.programs import (
    program_copy,
    program_create,
    program_followup_update,
    program_update,
)
from naikkelas.registry.models import MetricReport
from naikkelas.selection.models import Application
from naikkelas.testing.factories import EnterpriseFactory
from naikkelas.testing.programs import batch, organisation, program_with_levels
from naikkelas.training.models import AssignmentTemplate, SessionTemplate
from naikkelas.training.services import level_templates

pytestmark = pytest.mark.django_db


@pytest.fixture
def province() -> Organisation:
    return organisation("Balatkop Jateng", "33")


@pytest.fixture
def semarang() -> Organisation:
    return organisation("Dinkop Kota Semarang", "33.74")


def apply_to(level: Level, organiser: Organisation) -> Application:
    """One application to a batch of the level (what makes a level 'used')."""
    opened = batch(level, organiser, title=f"Angkatan {Batch.objects.count() + 1}")
    enterprise = EnterpriseFactory.create()
    baseline = MetricReport.objects.create(
        enterprise=enterprise, period=date(2021, 2, 1), omzet=9_000_000, aset=20_000_000, workers=2,
        source=MetricReport.Source.APPLICATION,
    )  # fmt: skip
    return Application.objects.create(
        batch=opened, level=level, enterprise=enterprise, person=enterprise.owner, baseline=baseline,
        consent_purpose="…", consent_version="t", consented_at=timezone.now(), status_nonce=f"n{enterprise.pk}",
        province_code="33", regency_code="33.74",
    )  # fmt: skip


def full_program(province: Organisation) -> tuple[Program, Level, Level]:
    """Last year's program with everything a copy must take: changed settings, a reworded rubric with a
    fifth criterion, a follow-up schedule, session and assignment templates, a replaced level version."""
    program, level1, level2 = program_with_levels(province, year=2025)
    program_followup_update(actor=None, program=program, months=[4, 9], jump_factor=Decimal("2.5"))
    level_update(
        actor=None, level=level1, min_omzet=7_500_000, min_business_months=18, requires_nib=True,
        max_size_class="micro", min_days_attended=5, min_assignments_passed_percent=60,
        motivation_questions=["Apa rencana Anda?", "Siapa pembeli Anda?"],
    )  # fmt: skip
    criterion_create(
        actor=None, level=level1, label="Dampak lingkungan", weight=10, description="Limbah dan kemasan.",
        score_descriptions=["Tidak dipikirkan", "Sedikit", "Cukup", "Baik", "Teladan"],
    )  # fmt: skip
    level_templates.session_template_create(
        actor=None, level=level1, day=2, start_time=time(9, 0), end_time=time(11, 0), topic="Pembukuan kas"
    )
    level_templates.assignment_template_create(
        actor=None, level=level1, title="Harga jual", instructions="Hitung HPP satu produk.", wants_text=True,
        wants_files=False, figure_labels=["Biaya per unit (Rp)"], due_after_days=2,
    )  # fmt: skip
    return program, level1, level2


def level_facts(level: Level) -> tuple[Any, ...]:
    return (
        level.rank, level.name, level.tier, level.duration_days, level.min_business_months, level.min_omzet,
        level.requires_nib, level.max_size_class, level.motivation_questions, level.min_days_attended,
        level.min_assignments_passed_percent, level.reviews_per_application, level.review_disagreement,
        [(c.key, c.label, c.weight, c.description, c.score_descriptions, c.order) for c in level.criteria.all()],
        [(t.day, t.start_time, t.end_time, t.topic) for t in level.session_templates.all()],
        [(t.title, t.instructions, t.wants_text, t.wants_files, t.figure_fields, t.due_after_days)
         for t in level.assignment_templates.all()],
    )  # fmt: skip


# --- copying a program -----------------------------------------------------------------------------------


def test_a_copy_takes_levels_settings_rubric_templates_and_followups_but_no_batches(
    province: Organisation, semarang: Organisation
) -> None:
    source, level1, level2 = full_program(province)
    batch(level1, semarang, title="Dasar 2025 Semarang")
    copy = program_copy(actor=None, source=source, year=2026, owner=province)
    assert (copy.name, copy.year, copy.owner, copy.status, copy.copied_from) == (
        "Pelatihan Berjenjang", 2026, province, Program.Status.OPEN, source,
    )  # fmt: skip
    assert (copy.followup_schedule, copy.followup_jump_factor) == ([4, 9], Decimal("2.5"))
    copied = list(copy.levels.order_by("rank"))
    assert [level_facts(level) for level in copied] == [level_facts(level1), level_facts(level2)]
    assert level_facts(copied[0])[13][-1][1] == "Dampak lingkungan"  # the fifth criterion came along
    assert len(level_facts(copied[0])[14]) == 1 and len(level_facts(copied[0])[15]) == 1
    assert not Batch.objects.filter(level__program=copy).exists()
    event = AuditEvent.objects.get(object_type="programs.program", object_id=str(copy.pk), action="create")
    assert event.changes["copied_from_id"] == source.pk


def test_changing_the_copy_leaves_the_original_as_it_was(province: Organisation) -> None:
    source, level1, _level2 = full_program(province)
    before = level_facts(level1)
    copy = program_copy(actor=None, source=source, year=2026, owner=province)
    new1 = copy.levels.get(rank=1)
    level_update(actor=None, level=new1, min_omzet=9_000_000, motivation_questions=["Baru?"])
    criterion = new1.criteria.get(key="growth")
    criterion_update(
        actor=None, criterion=criterion, label="Peluang tumbuh", weight=40,
        score_descriptions=["a", "b", "c", "d", "e"],
    )  # fmt: skip
    new1.criteria.get(key="dampak_lingkungan").delete()
    session = SessionTemplate.objects.get(level=new1)
    level_templates.session_template_update(actor=None, template=session, topic="Arus kas")
    task = AssignmentTemplate.objects.get(level=new1)
    level_templates.assignment_template_update(actor=None, template=task, figure_labels=["Harga (Rp)"])
    level1.refresh_from_db()
    assert level_facts(level1) == before
    assert level_facts(Level.objects.get(pk=new1.pk)) != before


def test_copying_twice_into_the_same_year_is_refused(province: Organisation) -> None:
    source, _level1, _level2 = full_program(province)
    first = program_copy(actor=None, source=source, year=2026, owner=province)
    with pytest.raises(
        ValidationError,
        match=r"Program Pelatihan Berjenjang 2025 sudah disalin ke tahun 2026 \(Pelatihan Berjenjang 2026\)\. "
        r"Ubah salinan itu, atau pilih tahun lain\.",
    ) as caught:
        program_copy(actor=None, source=source, year=2026, owner=province, name="Lain")
    assert list(caught.value.message_dict) == ["year"]
    assert list(Program.objects.filter(year=2026)) == [first]
    assert Level.objects.filter(program__year=2026).count() == 2


def test_a_copy_into_a_year_with_a_program_of_that_name_is_refused_and_writes_nothing(
    province: Organisation,
) -> None:
    source, _level1, _level2 = full_program(province)
    program_create(actor=None, name="Pelatihan Berjenjang", year=2026, owner=province)
    counts = (Level.objects.count(), RubricCriterion.objects.count(), SessionTemplate.objects.count())
    with pytest.raises(
        ValidationError, match=r"^\{'name': \['Program Pelatihan Berjenjang 2026 sudah ada\.'\]"
    ):
        program_copy(actor=None, source=source, year=2026, owner=province)
    assert (Level.objects.count(), RubricCriterion.objects.count(), SessionTemplate.objects.count()) == counts


def test_a_failing_copier_leaves_nothing_half_written(province: Organisation, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.programs import providers

    source, _level1, _level2 = full_program(province)

    def broken(source_level: Level, target: Level) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(providers, "_COPIERS", [*providers._COPIERS, broken])
    with pytest.raises(RuntimeError, match="disk full"):
        program_copy(actor=None, source=source, year=2026, owner=province)
    assert not Program.objects.filter(year=2026).exists()
    assert Level.objects.count() == 2 and SessionTemplate.objects.count() == 1


def test_only_a_province_training_centre_owns_a_program(semarang: Organisation) -> None:
    with pytest.raises(
        ValidationError,
        match=r"Program dibuat oleh balai pelatihan provinsi; Dinkop Kota Semarang bukan balai provinsi\.",
    ):
        program_create(actor=None, name="Pelatihan", year=2026, owner=semarang)
    assert not Program.objects.exists()


@pytest.mark.parametrize(
    ("name", "year", "field", "message"),
    [
        ("  \x00 ", 2026, "name", "Tulis nama program."),
        ("Pelatihan", 1999, "year", "Tahun program antara 2000 dan 2100."),
        ("Pelatihan", 2101, "year", "Tahun program antara 2000 dan 2100."),
    ],
)
def test_a_program_needs_a_name_and_a_real_year(
    province: Organisation, name: str, year: int, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        program_create(actor=None, name=name, year=year, owner=province)
    assert caught.value.message_dict == {field: [message]}
    assert not Program.objects.exists()


def test_a_closed_program_is_audited_and_reopens(province: Organisation) -> None:
    program, _level1, _level2 = program_with_levels(province)
    program_update(actor=None, program=program, status=Program.Status.CLOSED)
    program.refresh_from_db()
    assert program.status == "closed"
    event = AuditEvent.objects.get(object_type="programs.program", action="update")
    assert event.changes == {"status": ["open", "closed"]}
    with pytest.raises(
        ValidationError, match=r"Program ini sudah ditutup; buka kembali untuk menambah jenjang\."
    ):
        level_create(actor=None, program=program, name="Lanjut", tier=Tier.PROVINCE)
    program_update(actor=None, program=program, status=Program.Status.OPEN)
    assert level_create(actor=None, program=program, name="Lanjut", tier=Tier.PROVINCE).rank == 3


FROZEN = (
    "Jenjang ini sudah punya pendaftar; buat versi baru jenjang untuk mengubah syarat atau penilaian. "
    "Pendaftar yang ada tetap dinilai dengan aturan saat mereka mendaftar; nama, teks dan kriteria "
    "kelulusan masih bisa diubah di sini."
)


@pytest.mark.django_db(transaction=True)
def test_two_copies_into_one_year_at_once_make_one() -> None:
    """Two admins press Buat program at the same moment: the source row is locked, the second waits, sees
    the first copy and is refused."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; CI runs this test there")
    province = organisation("Balatkop Jateng", "33")
    source, _level1, _level2 = program_with_levels(province, year=2025)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def copy(name: str) -> None:
        try:
            barrier.wait()
            program_copy(actor=None, source=source, year=2026, owner=province, name=name)
            outcomes.append("copied")
        except ValidationError as error:
            outcomes.append(error.message_dict["year"][0][:45])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=copy, args=(name,)) for name in ("Salinan A", "Salinan B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["Program Pelatihan Berjenjang 2025 sudah disal", "copied"]
    assert Program.objects.filter(year=2026).count() == 1
    assert Level.objects.filter(program__year=2026).count() == 2
