"""The pages a province admin starts a year with, and who may use them: the province admin writes;
a regency admin and the ministry viewer read (403 on writes); another province sees nothing (404)."""

import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.accounts.models import Membership, User
from naikkelas.programs.models import Program
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
