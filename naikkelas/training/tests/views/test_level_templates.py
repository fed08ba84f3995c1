"""A level's template pages: starting from the standard days, editing, and who may change them."""

from datetime import time

import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.accounts.models import User
from naikkelas.core.models import AuditEvent
from naikkelas.programs.models import Level
from naikkelas.testing.factories import Personas
from naikkelas.training.services import level_templates

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_admin_starts_from_the_standard_days_and_edits_them_on_the_page(
    level: Level, personas: Personas
) -> None:
    client = client_for(personas.province_admin)
    page = client.get(reverse("training:level_templates", args=[level.pk]))
    assert "Belum ada sesi dan tugas." in page.content.decode()
    client.post(reverse("training:level_templates_start", args=[level.pk]))
    assert (level.session_templates.count(), level.assignment_templates.count()) == (10, 6)
    assert AuditEvent.objects.get(object_type="programs.level", action="update").changes == {
        "templates_created": 16
    }
    session = level.session_templates.get(day=1, start_time=time(8, 30))
    response = client.post(
        reverse("training:session_template_edit", args=[session.pk]),
        {"day": "1", "start_time": "08:00", "end_time": "12:00", "topic": "Kewirausahaan"},
    )
    assert response["Location"] == reverse("training:level_templates", args=[level.pk])
    session.refresh_from_db()
    assert (session.start_time, session.topic) == (time(8, 0), "Kewirausahaan")
    added = client.post(
        reverse("training:assignment_template_new", args=[level.pk]),
        {"title": "Daftar pelanggan", "instructions": "Tulis 10 pelanggan tetap.", "wants_text": "on",
         "figures": "Jumlah pelanggan\n", "due_after_days": "4"},
    )  # fmt: skip
    assert added.status_code == 302
    task = level.assignment_templates.get(title="Daftar pelanggan")
    assert task.figure_fields == [{"key": "jumlah_pelanggan", "label": "Jumlah pelanggan"}]
    refused = client.post(
        reverse("training:assignment_template_edit", args=[task.pk]),
        {"title": "Daftar pelanggan", "instructions": "Tulis.", "figures": "", "due_after_days": "4"},
    )
    assert refused.context["form"].errors == {
        "wants_text": ["Tugas harus meminta sesuatu: jawaban teks, foto/dokumen, atau angka."]
    }
    client.post(reverse("training:assignment_template_delete", args=[task.pk]))
    client.post(reverse("training:session_template_delete", args=[session.pk]))
    assert (level.session_templates.count(), level.assignment_templates.count()) == (9, 6)


def test_only_the_program_owners_admins_change_the_templates(level: Level, personas: Personas) -> None:
    from naikkelas.accounts.models import Membership
    from naikkelas.testing.factories import staff

    level_templates.level_templates_start(actor=None, level=level)
    session = level.session_templates.first()
    task = level.assignment_templates.first()
    assert session is not None and task is not None
    jatim = staff("jatim", "35", Membership.Role.ADMIN)
    writes = [
        reverse("training:session_template_new", args=[level.pk]),
        reverse("training:session_template_edit", args=[session.pk]),
        reverse("training:session_template_delete", args=[session.pk]),
        reverse("training:assignment_template_new", args=[level.pk]),
        reverse("training:assignment_template_edit", args=[task.pk]),
        reverse("training:assignment_template_delete", args=[task.pk]),
    ]
    for user, status in (
        (personas.semarang_admin, 403),
        (personas.viewer, 403),
        (jatim, 404),
        (personas.participant, 404),
    ):
        client = client_for(user)
        for url in writes:
            assert client.post(url, {"topic": "x", "title": "x"}).status_code == status, (user, url)
    assert (level.session_templates.count(), level.assignment_templates.count()) == (10, 6)
    reader = (
        client_for(personas.semarang_admin)
        .get(reverse("training:level_templates", args=[level.pk]))
        .content.decode()
    )
    assert (
        session.topic in reader and reverse("training:session_template_edit", args=[session.pk]) not in reader
    )
