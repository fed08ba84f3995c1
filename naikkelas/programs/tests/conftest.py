"""Fixtures and helpers shared by the programs tests."""

from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from naikkelas.accounts.models import Organisation, User
from naikkelas.programs.models import Batch, Level, Program
from naikkelas.programs.services.levels import (
    criterion_create,
    level_update,
)
from naikkelas.programs.services.programs import (
    program_followup_update,
)
from naikkelas.registry.models import MetricReport
from naikkelas.selection.models import Application
from naikkelas.testing.factories import EnterpriseFactory, Personas
from naikkelas.testing.programs import batch, organisation, program_with_levels
from naikkelas.training.services import level_templates


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


FROZEN = (
    "Jenjang ini sudah punya pendaftar; buat versi baru jenjang untuk mengubah syarat atau penilaian. "
    "Pendaftar yang ada tetap dinilai dengan aturan saat mereka mendaftar; nama, teks dan kriteria "
    "kelulusan masih bisa diubah di sini."
)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def program(personas: Personas) -> Program:
    centre = personas.province_admin.memberships.get().organisation
    made, _level1, _level2 = program_with_levels(centre, year=2026)
    return made


LEVEL_POST = {
    "tier": "regency", "name": "Dasar Digital", "duration_days": "5", "min_business_months": "24",
    "min_omzet": "Rp 7.500.000", "requires_nib": "on", "max_size_class": "micro", "min_days_attended": "4",
    "min_assignments_passed_percent": "75", "reviews_per_application": "2", "review_disagreement": "0.75",
    "questions": "Apa yang Anda jual?\nKe mana Anda ingin menjual?",
}  # fmt: skip


@pytest.fixture
def levels(personas: Personas):  # type: ignore[no-untyped-def]
    province_centre = personas.province_admin.memberships.get().organisation
    return program_with_levels(province_centre)
