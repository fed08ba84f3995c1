"""The batch pages: opening a batch, renaming it, what publication fixes, the levels offered."""

import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.core.models import AuditEvent
from naikkelas.programs.models import Batch, Program
from naikkelas.programs.services.programs import program_update
from naikkelas.testing.factories import Personas
from naikkelas.testing.programs import program_with_levels

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_regency_admin_opens_a_basic_batch_but_not_a_province_level(levels, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    _program, level1, level2 = levels
    office = personas.semarang_admin.memberships.get().organisation
    client = client_for(personas.semarang_admin)
    base = {"organiser": str(office.pk), "title": "Dasar Semarang", "venue": "Aula", "start_date": "2031-05-05",
            "capacity": "20", "opens_on": "2031-03-01", "closes_on": "2031-03-31"}  # fmt: skip
    offered = client.get(reverse("programs:batch_create")).context["form"].fields["level"].queryset
    assert list(offered) == [level1]  # the province's Menengah is not offered to a regency office
    refused = client.post(reverse("programs:batch_create"), {**base, "level": str(level2.pk)})
    assert refused.status_code == 200
    assert refused.context["form"].errors["level"] == [
        "Masukkan pilihan yang valid. Pilihan tersebut bukan salah satu dari pilihan yang tersedia."
    ]
    created = client.post(reverse("programs:batch_create"), {**base, "level": str(level1.pk)})
    assert created.status_code == 302
    # The message reads right whatever the title starts with (once "Angkatan Angkatan Januari dibuka.").
    assert "Angkatan dibuka: Dasar Semarang." in client.get(created["Location"]).content.decode()
    batch = Batch.objects.get(title="Dasar Semarang")
    assert batch.end_date.isoformat() == "2031-05-09"


def test_viewer_cannot_open_batches(levels, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    assert client_for(personas.viewer).get(reverse("programs:batch_create")).status_code == 403


@pytest.fixture
def semarang_batch(levels, personas: Personas) -> Batch:  # type: ignore[no-untyped-def]
    from naikkelas.testing.programs import batch

    _program, level1, _level2 = levels
    return batch(level1, personas.semarang_admin.memberships.get().organisation, title="Uji <b>")


EDIT = {"title": "Kopi & Teh <Lanjutan>", "venue": "Aula Dinas", "start_date": "2021-05-10", "capacity": "20",
        "opens_on": "2021-03-01", "closes_on": "2021-03-31"}  # fmt: skip


def test_the_organisers_admin_renames_a_batch_from_its_page(
    semarang_batch: Batch, personas: Personas
) -> None:
    client = client_for(personas.semarang_admin)
    page = client.get(reverse("selection:batch_detail", args=[semarang_batch.pk]))
    assert reverse("programs:batch_edit", args=[semarang_batch.pk]) in page.content.decode()
    url = reverse("programs:batch_edit", args=[semarang_batch.pk])
    form = client.get(url)
    assert form.status_code == 200 and form.context["form"].initial["title"] == "Uji <b>"
    response = client.post(url, EDIT)
    assert response.status_code == 302
    assert response["Location"] == reverse("selection:batch_detail", args=[semarang_batch.pk])
    semarang_batch.refresh_from_db()
    assert (semarang_batch.title, semarang_batch.venue) == ("Kopi & Teh <Lanjutan>", "Aula Dinas")
    event = AuditEvent.objects.get(object_type="programs.batch", action="update")
    assert event.changes["title"] == ["Uji <b>", "Kopi & Teh <Lanjutan>"]
    assert event.actor == personas.semarang_admin


def test_renaming_is_for_the_organisers_admins_only(semarang_batch: Batch, personas: Personas) -> None:
    url = reverse("programs:batch_edit", args=[semarang_batch.pk])
    assert client_for(personas.kudus_admin).get(url).status_code == 404  # another region
    assert client_for(personas.kudus_admin).post(url, EDIT).status_code == 404
    assert client_for(personas.viewer).get(url).status_code == 403  # read-only
    assert client_for(personas.viewer).post(url, EDIT).status_code == 403
    assert client_for(personas.province_admin).post(url, EDIT).status_code == 403  # sees it, does not run it
    assert client_for(personas.participant).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to sign in
    semarang_batch.refresh_from_db()
    assert semarang_batch.title == "Uji <b>"
    page = client_for(personas.province_admin).get(
        reverse("selection:batch_detail", args=[semarang_batch.pk])
    )
    assert url not in page.content.decode()


def test_a_blank_title_is_refused_with_a_message(semarang_batch: Batch, personas: Personas) -> None:
    url = reverse("programs:batch_edit", args=[semarang_batch.pk])
    response = client_for(personas.semarang_admin).post(url, {**EDIT, "title": "   ", "capacity": "0"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title"] == ["Bidang ini tidak boleh kosong."]
    assert errors["capacity"] == ["Pastikan nilai ini lebih besar dari atau sama dengan 1."]
    semarang_batch.refresh_from_db()
    assert (semarang_batch.title, semarang_batch.capacity) == ("Uji <b>", 20)


def test_after_publication_the_page_offers_title_and_venue_only(
    semarang_batch: Batch, personas: Personas
) -> None:
    from django.utils import timezone

    Batch.objects.filter(pk=semarang_batch.pk).update(published_at=timezone.now())
    url = reverse("programs:batch_edit", args=[semarang_batch.pk])
    client = client_for(personas.semarang_admin)
    form = client.get(url)
    assert sorted(form.context["form"].fields) == ["title", "venue"]
    assert "tanggal dan kapasitas tidak" in form.content.decode()
    assert client.post(url, {**EDIT, "start_date": "2021-06-07"}).status_code == 302
    semarang_batch.refresh_from_db()
    assert (semarang_batch.title, semarang_batch.start_date.isoformat()) == (
        "Kopi & Teh <Lanjutan>",
        "2021-05-10",
    )


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


def test_offered_levels_are_labelled_by_their_programs_year_first(levels, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    """Rule: when two years' programs are open, each offered level says its program's year, once."""
    program, level1, _level2 = levels
    form = client_for(personas.semarang_admin).get(reverse("programs:batch_create")).context["form"]
    label = form.fields["level"].label_from_instance(level1)
    assert label == f"1. {level1.name} · {program.year} · {program.name}"
    program.name = f"Naik Kelas {program.year}"
    program.save()
    level1.refresh_from_db()
    assert form.fields["level"].label_from_instance(level1) == f"1. {level1.name} · Naik Kelas {program.year}"
