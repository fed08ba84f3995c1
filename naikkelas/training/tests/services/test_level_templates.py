"""A level's templates: sessions and assignments refused with their field, no overlaps, figure keys,
and a new batch taking them."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from naikkelas.programs.models import Level
from naikkelas.testing.factories import Personas
from naikkelas.testing.programs import batch
from naikkelas.training.models import AssignmentTemplate, SessionTemplate
from naikkelas.training.services import assignments, level_templates, schedule

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"topic": " "}, "topic", "Tulis topik sesi."),
        ({"day": 6}, "day", "Hari ke- antara 1 dan 5 (lama pelatihan jenjang ini)."),
        ({"end_time": time(8, 0)}, "end_time", "Sesi harus selesai setelah dimulai."),
    ],
)
def test_a_bad_session_is_refused_with_its_field(
    level: Level, fields: dict[str, object], field: str, message: str
) -> None:
    values = {"day": 1, "start_time": time(9, 0), "end_time": time(11, 0), "topic": "Pembukuan", **fields}
    with pytest.raises(ValidationError) as caught:
        level_templates.session_template_create(actor=None, level=level, **values)
    assert caught.value.message_dict == {field: [message]}
    assert not SessionTemplate.objects.exists()


def test_sessions_of_one_day_do_not_overlap(level: Level) -> None:
    level_templates.session_template_create(
        actor=None, level=level, day=1, start_time=time(8, 30), end_time=time(12, 0), topic="Kanvas"
    )
    with pytest.raises(ValidationError) as caught:
        level_templates.session_template_create(
            actor=None, level=level, day=1, start_time=time(11, 0), end_time=time(13, 0), topic="HPP"
        )
    assert caught.value.message_dict == {
        "start_time": ["Bertabrakan dengan sesi Kanvas (08.30–12.00) pada hari yang sama."]
    }
    level_templates.session_template_create(
        actor=None, level=level, day=2, start_time=time(11, 0), end_time=time(13, 0), topic="HPP"
    )
    assert SessionTemplate.objects.count() == 2


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", "Tulis judul tugas."),
        ({"instructions": "\x00 "}, "instructions", "Tulis petunjuk tugas: apa yang dikerjakan peserta untuk usahanya."),
        ({"wants_text": False}, "wants_text", "Tugas harus meminta sesuatu: jawaban teks, foto/dokumen, atau angka."),
        ({"due_after_days": 400}, "due_after_days", "Batas waktu antara 0 dan 365 hari setelah hari pertama."),
        ({"figure_labels": [f"Angka {n}" for n in range(11)]}, "figure_labels", "Paling banyak 10 isian angka per tugas."),
    ],
)  # fmt: skip
def test_a_bad_assignment_is_refused_with_its_field(
    level: Level, fields: dict[str, object], field: str, message: str
) -> None:
    values = {
        "title": "Buku kas", "instructions": "Catat kas seminggu.", "wants_text": True, "wants_files": False,
        "figure_labels": [], "due_after_days": 7, **fields,
    }  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        level_templates.assignment_template_create(actor=None, level=level, **values)
    assert caught.value.message_dict == {field: [message]}
    assert not AssignmentTemplate.objects.exists()


def test_figures_keep_their_keys_and_never_take_the_forms_own_names(level: Level) -> None:
    task = level_templates.assignment_template_create(
        actor=None, level=level, title="HPP", instructions="Hitung.", wants_text=False, wants_files=False,
        figure_labels=["Biaya per unit (Rp)", "Text", "Harga jual"], due_after_days=2,
    )  # fmt: skip
    assert task.figure_fields == [
        {"key": "biaya_per_unit_rp", "label": "Biaya per unit (Rp)"},
        {"key": "text_2", "label": "Text"},
        {"key": "harga_jual", "label": "Harga jual"},
    ]
    level_templates.assignment_template_update(
        actor=None, template=task, figure_labels=["Harga jual", "Untung per unit (Rp)"]
    )
    task.refresh_from_db()
    assert task.figure_fields == [
        {"key": "harga_jual", "label": "Harga jual"},
        {"key": "untung_per_unit_rp", "label": "Untung per unit (Rp)"},
    ]


def test_a_new_batch_takes_the_levels_sessions_and_assignments(level: Level, personas: Personas) -> None:
    level_templates.session_template_create(
        actor=None, level=level, day=3, start_time=time(9, 0), end_time=time(10, 0), topic="Foto produk"
    )
    level_templates.assignment_template_create(
        actor=None, level=level, title="Foto", instructions="Unggah tiga foto.", wants_text=False,
        wants_files=True, figure_labels=[], due_after_days=3,
    )  # fmt: skip
    opened = batch(level, personas.semarang_admin.memberships.get().organisation, start=date(2021, 5, 10))
    assert schedule.schedule_create(actor=None, batch=opened) == 1
    assert list(opened.sessions.values_list("date", "topic")) == [(date(2021, 5, 12), "Foto produk")]
    assert assignments.assignments_create_default(actor=None, batch=opened) == 1
    assert list(opened.assignments.values_list("title", "due_on")) == [("Foto", date(2021, 5, 13))]
