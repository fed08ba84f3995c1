"""The pages a province admin starts a year with, and who may use them: the province admin writes;
a regency admin and the ministry viewer read (403 on writes); another province sees nothing (404)."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.accounts.models import Membership, User
from naikkelas.core.models import AuditEvent
from naikkelas.programs.models import Level, Program, RubricCriterion
from naikkelas.programs.services.programs import program_update
from naikkelas.programs.tests.test_setup_services import FROZEN, apply_to
from naikkelas.testing.factories import Personas, staff
from naikkelas.testing.programs import program_with_levels

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def jatim() -> User:
    """The admin of another province's training centre (Jawa Timur)."""
    return staff("jatim", "35", Membership.Role.ADMIN)


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


def test_the_program_link_leads_the_province_admin_to_new_or_copy(
    program: Program, personas: Personas
) -> None:
    page = client_for(personas.province_admin).get(reverse("home"), follow=True)  # lands on the registry
    assert f'href="{reverse("programs:program_list")}"' in page.content.decode()
    listing = client_for(personas.province_admin).get(reverse("programs:program_list")).content.decode()
    assert reverse("programs:program_create") in listing
    assert reverse("programs:program_detail", args=[program.pk]) in listing
    for reader in (personas.kudus_admin, personas.viewer):
        body = client_for(reader).get(reverse("programs:program_list")).content.decode()
        assert "Pelatihan Berjenjang 2026" in body and reverse("programs:program_create") not in body


def test_another_province_and_participants_see_no_program(
    program: Program, personas: Personas, jatim: User
) -> None:
    level = program.levels.get(rank=1)
    for user in (jatim, personas.participant):
        client = client_for(user)
        assert "Pelatihan Berjenjang" not in client.get(reverse("programs:program_list")).content.decode()
        for url in (
            reverse("programs:program_detail", args=[program.pk]),
            reverse("programs:program_edit", args=[program.pk]),
            reverse("programs:program_followups", args=[program.pk]),
            reverse("programs:level_create", args=[program.pk]),
            reverse("programs:level_detail", args=[level.pk]),
            reverse("programs:level_edit", args=[level.pk]),
            reverse("programs:criterion_create", args=[level.pk]),
            reverse("programs:criterion_edit", args=[level.criteria.first().pk]),  # type: ignore[union-attr]
            reverse("training:level_templates", args=[level.pk]),
        ):
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(reverse("programs:level_version", args=[level.pk])).status_code == 404
    assert client_for(jatim).get(reverse("programs:program_create")).status_code == 200  # its own province


def test_regency_admins_and_the_viewer_read_but_do_not_write(program: Program, personas: Personas) -> None:
    level = program.levels.get(rank=1)
    criterion = level.criteria.get(key="growth")
    for user in (personas.kudus_admin, personas.viewer):
        client = client_for(user)
        assert client.get(reverse("programs:program_detail", args=[program.pk])).status_code == 200
        assert client.get(reverse("programs:level_detail", args=[level.pk])).status_code == 200
        assert client.get(reverse("training:level_templates", args=[level.pk])).status_code == 200
        assert client.get(reverse("programs:program_create")).status_code == 403
        assert (
            client.post(reverse("programs:program_create"), {"year": "2027", "name": "X"}).status_code == 403
        )
        assert client.post(reverse("programs:program_edit", args=[program.pk]), {"name": "X", "status": "closed"}).status_code == 403  # fmt: skip
        assert client.post(reverse("programs:level_create", args=[program.pk]), LEVEL_POST).status_code == 403
        assert client.post(reverse("programs:level_edit", args=[level.pk]), LEVEL_POST).status_code == 403
        assert client.post(reverse("programs:level_version", args=[level.pk])).status_code == 403
        assert client.post(reverse("programs:criterion_delete", args=[criterion.pk])).status_code == 403
        assert client.post(reverse("training:level_templates_start", args=[level.pk])).status_code == 403
    program.refresh_from_db()
    assert (program.name, program.status, program.levels.count(), level.criteria.count()) == (
        "Pelatihan Berjenjang", "open", 2, 4,
    )  # fmt: skip
    assert Program.objects.count() == 1
    assert not level.session_templates.exists()


def test_the_province_admin_copies_last_years_program_once(program: Program, personas: Personas) -> None:
    client = client_for(personas.province_admin)
    form = client.get(reverse("programs:program_create"))
    assert form.context["form"].initial == {"copy_from": program.pk, "year": 2027}
    response = client.post(
        reverse("programs:program_create"),
        {"copy_from": str(program.pk), "year": "2027", "name": "", "owner": str(program.owner_id)},
    )
    copy = Program.objects.get(year=2027)
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:program_detail", args=[copy.pk])
    assert (copy.name, copy.copied_from, copy.levels.count()) == ("Pelatihan Berjenjang", program, 2)
    again = client.post(
        reverse("programs:program_create"),
        {"copy_from": str(program.pk), "year": "2027", "name": "Lain", "owner": str(program.owner_id)},
    )
    assert again.status_code == 200
    assert again.context["form"].errors["year"] == [
        "Program Pelatihan Berjenjang 2026 sudah disalin ke tahun 2027 (Pelatihan Berjenjang 2027). Ubah salinan "
        "itu, atau pilih tahun lain."
    ]
    assert Program.objects.filter(year=2027).count() == 1


def test_a_new_empty_program_needs_a_name(personas: Personas) -> None:
    client = client_for(personas.province_admin)
    owner = personas.province_admin.memberships.get().organisation
    refused = client.post(
        reverse("programs:program_create"), {"year": "2027", "name": " ", "owner": str(owner.pk)}
    )
    assert refused.context["form"].errors["name"] == ["Tulis nama program, atau pilih program yang disalin."]
    assert not Program.objects.exists()
    made = client.post(
        reverse("programs:program_create"), {"year": "2027", "name": "Naik Kelas", "owner": str(owner.pk)}
    )
    assert made.status_code == 302
    assert Program.objects.get().name == "Naik Kelas"


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
    program: Program, personas: Personas
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
    program: Program, personas: Personas
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


def test_the_program_is_closed_for_new_batches_on_its_page(program: Program, personas: Personas) -> None:
    client = client_for(personas.province_admin)
    response = client.post(
        reverse("programs:program_edit", args=[program.pk]), {"name": program.name, "status": "closed"}
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.status == "closed"
    kudus = client_for(personas.kudus_admin).get(reverse("programs:batch_create"))
    assert list(kudus.context["form"].fields["level"].queryset) == []
    assert "Belum ada jenjang yang bisa Anda buka" in kudus.content.decode()


def test_kudus_is_offered_only_this_years_regency_levels(program: Program, personas: Personas) -> None:
    centre = program.owner
    old, _old1, _old2 = program_with_levels(centre, year=2021)
    program_update(actor=None, program=old, status=Program.Status.CLOSED)
    form = client_for(personas.kudus_admin).get(reverse("programs:batch_create")).context["form"]
    assert [str(level) for level in form.fields["level"].queryset] == ["Pelatihan Berjenjang 2026 · 1. Dasar"]
    province_form = client_for(personas.province_admin).get(reverse("programs:batch_create")).context["form"]
    assert [str(level) for level in province_form.fields["level"].queryset] == [
        "Pelatihan Berjenjang 2026 · 2. Menengah"
    ]
    office = personas.kudus_admin.memberships.get().organisation
    refused = client_for(personas.kudus_admin).post(
        reverse("programs:batch_create"),
        {"level": str(old.levels.get(rank=1).pk), "organiser": str(office.pk), "title": "Dasar 2021 Kudus",
         "start_date": "2031-05-05", "capacity": "20", "opens_on": "2031-03-01", "closes_on": "2031-03-31"},
    )  # fmt: skip
    assert "level" in refused.context["form"].errors
    assert not old.levels.filter(batches__isnull=False).exists()
