import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from naikkelas.registry.models import Enterprise
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db


def test_export_is_scoped_masks_nik_and_neutralises_formulas(personas: Personas) -> None:
    enterprise = personas.semarang_enterprise
    Enterprise.objects.filter(pk=enterprise.pk).update(name="=cmd|' /C calc'!A0")
    client = Client()
    client.force_login(personas.viewer)
    response = client.get(reverse("registry:enterprise_export"), {"region": "33.74"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    assert rows[0][1] == "'=cmd|' /C calc'!A0"
    assert rows[0][3] == personas.participant_person.nik_masked


def test_export_costs_the_same_queries_for_one_row_or_many(personas: Personas) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from naikkelas.testing.factories import EnterpriseFactory

    client = Client()
    client.force_login(personas.semarang_admin)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("registry:enterprise_export"))
    for _ in range(5):
        EnterpriseFactory.create(owner__address_district=personas.participant_person.address_district)
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("registry:enterprise_export"))
    assert len(six.captured_queries) == len(one.captured_queries)


def test_the_export_speaks_the_reader_s_language(personas: Personas) -> None:
    """The export is read, not imported back: its sheet and headers follow the page's language."""
    client = Client()
    client.force_login(personas.semarang_admin)
    words = {}
    for language in ("id", "en"):
        client.cookies["django_language"] = language
        book = load_workbook(io.BytesIO(client.get(reverse("registry:enterprise_export")).content))
        sheet = book.active
        assert sheet is not None
        words[language] = (sheet.title, [cell.value for cell in sheet[1]][:3])
    assert words["id"] == ("Registri UMKM", ["ID", "Nama Usaha", "Pemilik"])
    assert words["en"] == ("UMKM registry", ["ID", "Business name", "Owner"])
