"""The level pages: adding a level, its settings and thresholds, the locked rules, the rubric's criteria."""

from decimal import Decimal

import pytest
from django.urls import reverse

from naikkelas.core.models import AuditEvent
from naikkelas.programs.models import Level, Program, RubricCriterion
from naikkelas.programs.tests.conftest import FROZEN, LEVEL_POST, apply_to, client_for
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db


def test_the_province_admin_adds_a_level_with_its_settings(program: Program, personas: Personas) -> None:
    client = client_for(personas.province_admin)
    form = client.get(reverse("programs:level_create", args=[program.pk]))
    body = form.content.decode()
    from django.utils.html import escape

    fields = form.context["form"].fields
    assert len(fields) == 12
    for name, field in fields.items():  # every setting explains itself in plain words
        assert field.help_text, name
        assert escape(str(field.help_text)) in body, name
    response = client.post(reverse("programs:level_create", args=[program.pk]), LEVEL_POST)
    level = Level.objects.get(program=program, rank=3)
    assert response["Location"] == reverse("programs:level_detail", args=[level.pk])
    assert (
        level.name, level.tier, level.min_business_months, level.min_omzet, level.requires_nib,
        level.max_size_class, level.min_assignments_passed_percent, level.review_disagreement,
        level.motivation_questions,
    ) == (
        "Dasar Digital", "regency", 24, 7_500_000, True, "micro", 75, Decimal("0.75"),
        ["Apa yang Anda jual?", "Ke mana Anda ingin menjual?"],
    )  # fmt: skip
    assert AuditEvent.objects.filter(
        object_type="programs.level", object_id=str(level.pk), action="create"
    ).exists()
    detail = client.get(response["Location"]).content.decode()
    assert (
        "Rp7.500.000" in detail and "Jawaban motivasi kosong atau tidak berkaitan dengan usahanya." in detail
    )
    assert reverse("training:level_templates", args=[level.pk]) in detail


def test_a_used_levels_page_says_why_its_rules_are_locked_and_refuses_them(
    program: Program,
    personas: Personas,
) -> None:
    level = program.levels.get(rank=1)
    apply_to(level, personas.semarang_admin.memberships.get().organisation)
    client = client_for(personas.province_admin)
    detail = client.get(reverse("programs:level_detail", args=[level.pk])).content.decode()
    assert FROZEN in detail and reverse("programs:criterion_create", args=[level.pk]) not in detail
    url = reverse("programs:level_edit", args=[level.pk])
    page = client.get(url)
    assert page.context["form"].fields["min_omzet"].label == "Omzet minimal per bulan (Rp) (terkunci)"
    data = {**LEVEL_POST, "name": "Dasar", "requires_nib": "", "max_size_class": "small", "min_business_months": "12",
            "min_omzet": "4.000.000", "review_disagreement": "1", "questions": "Apa yang ingin Anda kembangkan?"}  # fmt: skip
    data.pop("tier")
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert refused.context["form"].errors == {"min_omzet": [FROZEN]}
    level.refresh_from_db()
    assert level.min_omzet == 5_000_000
    new_version = client.post(reverse("programs:level_version", args=[level.pk]))
    version2 = Level.objects.get(program=program, rank=1, version=2)
    assert new_version["Location"] == reverse("programs:level_detail", args=[version2.pk])
    assert client.post(reverse("programs:level_edit", args=[version2.pk]), data).status_code == 302
    version2.refresh_from_db()
    level.refresh_from_db()
    assert (version2.min_omzet, level.min_omzet, level.closed_at is not None) == (4_000_000, 5_000_000, True)


def test_the_province_admin_adds_rewords_and_removes_a_criterion(
    program: Program,
    personas: Personas,
) -> None:
    level = program.levels.get(rank=1)
    client = client_for(personas.province_admin)
    scores = {f"score_{n}": f"Arti nilai {n}" for n in range(1, 6)}
    created = client.post(
        reverse("programs:criterion_create", args=[level.pk]),
        {
            "label": "Pemasaran daring",
            "description": "Toko daring dan media sosial.",
            "weight": "10",
            **scores,
        },
    )
    assert created["Location"] == reverse("programs:level_detail", args=[level.pk])
    criterion = RubricCriterion.objects.get(level=level, key="pemasaran_daring")
    assert criterion.score_descriptions == [f"Arti nilai {n}" for n in range(1, 6)]
    missing = client.post(
        reverse("programs:criterion_edit", args=[criterion.pk]),
        {"label": "Pemasaran", "weight": "10", **scores, "score_3": ""},
    )
    assert missing.context["form"].errors == {"score_3": ["Bidang ini tidak boleh kosong."]}
    client.post(
        reverse("programs:criterion_edit", args=[criterion.pk]),
        {"label": "Pemasaran", "weight": "15", **scores},
    )
    criterion.refresh_from_db()
    assert (criterion.label, criterion.weight) == ("Pemasaran", 15)
    client.post(reverse("programs:criterion_delete", args=[criterion.pk]))
    assert not RubricCriterion.objects.filter(pk=criterion.pk).exists()


def test_program_owner_edits_thresholds_and_it_is_audited(levels, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    _program, level1, _level2 = levels
    url = reverse("programs:level_edit", args=[level1.pk])
    assert client_for(personas.semarang_admin).get(url).status_code == 403
    client = client_for(personas.province_admin)
    data = {
        "name": "Dasar", "duration_days": "5", "min_business_months": "12", "min_omzet": "6.000.000",
        "requires_nib": "", "max_size_class": "small", "min_days_attended": "4",
        "min_assignments_passed_percent": "80", "reviews_per_application": "2", "review_disagreement": "1.00",
        "questions": "Apa tujuan Anda?\nApa kendala Anda?",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    level1.refresh_from_db()
    assert level1.min_omzet == 6_000_000
    assert level1.motivation_questions == ["Apa tujuan Anda?", "Apa kendala Anda?"]
    event = AuditEvent.objects.get(object_type="programs.level", action="update")
    assert event.changes["min_omzet"] == [5_000_000, 6_000_000]


def test_deleting_a_criterion_asks_first_and_deletes_only_on_the_confirmation(
    program: Program, personas: Personas
) -> None:
    """Rule: a criterion is removed only after the shared confirmation page ("Ya, hapus")."""
    criterion = program.levels.get(rank=1).criteria.first()
    assert criterion is not None
    client = client_for(personas.province_admin)
    edit = client.get(reverse("programs:criterion_edit", args=[criterion.pk])).content.decode()
    assert f'href="{reverse("programs:criterion_delete", args=[criterion.pk])}" id="criterion-delete"' in edit
    confirm = client.get(reverse("programs:criterion_delete", args=[criterion.pk]))
    assert confirm.status_code == 200 and b'id="confirm-delete"' in confirm.content
    assert RubricCriterion.objects.filter(pk=criterion.pk).exists()
    client.post(reverse("programs:criterion_delete", args=[criterion.pk]))
    assert not RubricCriterion.objects.filter(pk=criterion.pk).exists()


def test_the_level_page_warns_while_weights_do_not_total_100_and_says_settings_in_words(
    program: Program, personas: Personas
) -> None:
    """Rule: the rubric's weights should total 100 (the page and the API say so until they do); the
    read-only page states each setting's value, not the edit form's help; English plurals agree."""
    level = program.levels.get(rank=1)
    level.min_business_months = 12
    level.requires_nib = True
    level.save()
    client = client_for(personas.province_admin)
    url = reverse("programs:level_detail", args=[level.pk])
    total = sum(c.weight for c in level.criteria.all())
    page = client.get(url).content.decode()
    assert ('id="weight-warning"' in page) == (total != 100)
    assert "Centang bila" not in page and "Pendaftar harus sudah punya NIB" in page
    criterion = level.criteria.first()
    assert criterion is not None
    criterion.weight += 110 - total
    criterion.save()
    page = client.get(url).content.decode()
    assert 'id="weight-warning"' in page and "Jumlah bobot rubrik 110, bukan 100" in page
    api = client.get(f"/api/v1/levels/{level.pk}").json()
    assert api["weight_total"] == 110 and "110" in api["weight_warning"]
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    del client.cookies["django_language"]
    assert "12 months" in english and "12 month<" not in english
    criterion.weight -= 10
    criterion.save()
    assert 'id="weight-warning"' not in client.get(url).content.decode()
    assert client.get(f"/api/v1/levels/{level.pk}").json()["weight_warning"] is None


def test_a_program_title_does_not_repeat_a_year_its_name_holds() -> None:
    """Rule: Program.__str__ is name + year, unless the name already holds the year."""
    assert str(Program(name="Naik Kelas Jawa Timur 2026", year=2026)) == "Naik Kelas Jawa Timur 2026"
    assert str(Program(name="Pelatihan Berjenjang", year=2027)) == "Pelatihan Berjenjang 2027"
