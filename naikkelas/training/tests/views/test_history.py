"""The history template's door: admins download it for their own offices; others get 403."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from naikkelas.accounts.models import Organisation
from naikkelas.testing.factories import Personas
from naikkelas.testing.programs import program_with_levels

pytestmark = pytest.mark.django_db


def test_admins_download_the_history_template_others_are_refused(personas: Personas, client: Client) -> None:
    program_with_levels(Organisation.objects.get(memberships__user=personas.province_admin), year=2026)
    url = reverse("training:history_template")
    client.force_login(personas.kudus_admin)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="templat-riwayat-pelatihan.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    offices = [row[0] for row in book["Penyelenggara"].iter_rows(min_row=2, values_only=True)]
    assert offices == ["33.19"]  # Kudus imports Kudus's batches only
    for refused in (personas.mentor, personas.viewer, personas.participant):
        client.force_login(refused)
        assert client.get(url).status_code == 403


def test_the_import_page_offers_the_history_kind_and_its_template(personas: Personas, client: Client) -> None:
    client.force_login(personas.semarang_admin)
    page = client.get(reverse("registry:import_start")).content.decode()
    assert 'value="history"' in page
    assert reverse("training:history_template") in page
