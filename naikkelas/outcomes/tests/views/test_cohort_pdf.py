"""The PDF report shows user-written text as text (attacks.md V4): never markup, never a link."""

from datetime import date

import pytest
from django.test import Client

from naikkelas.outcomes.tests.conftest import World
from naikkelas.testing.pdf import pdf_link_targets, pdf_text
from naikkelas.testing.programs import batch, organisation

pytestmark = pytest.mark.django_db

UNBALANCED = 'Uji <script>alert("nkS")</script> <a href="javascript:alert(1)">klik</a> <b>'
LINK = '<a href="javascript:app.alert(1)" color="blue">Klik untuk laporan</a> <font size="30" color="red">PALSU</font>'
AMPERSAND = "Kopi & Teh <Lanjutan>"


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.fixture
def hostile(world: World) -> World:
    office = organisation("Dinkop Kota Semarang", "33.74")
    for title in (UNBALANCED, LINK, AMPERSAND):
        batch(world.level, office, title=title, start=date(2021, 6, 7))
    return world


def test_hostile_batch_titles_render_for_every_scope_as_written(hostile: World) -> None:
    for user in (hostile.personas.semarang_admin, hostile.personas.province_admin, hostile.personas.viewer):
        response = _client(user).get("/hasil/?format=pdf")
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        assert AMPERSAND in text
        assert "<b>" in text and "<script>" in text
        assert "PALSU</font>" in text
        assert pdf_link_targets(response.content) == []
        assert b"/URI" not in response.content and b"javascript:" not in response.content


def test_one_batch_filter_shows_the_title_literally(hostile: World) -> None:
    from naikkelas.programs.models import Batch

    pk = Batch.objects.get(title=AMPERSAND).pk
    response = _client(hostile.personas.semarang_admin).get(f"/hasil/?format=pdf&batch={pk}")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert AMPERSAND in text
    assert f"Angkatan {AMPERSAND} · tindak lanjut bulan 6–12" in text  # the filter in words


def test_the_authors_name_is_text_too(hostile: World) -> None:
    admin = hostile.personas.semarang_admin
    admin.first_name, admin.last_name = "<b>Ani", '<a href="javascript:x()">Rahma</a>'
    admin.save(update_fields=["first_name", "last_name"])
    response = _client(admin).get("/hasil/?format=pdf")
    assert response.status_code == 200
    assert '<b>Ani <a href="javascript:x()">Rahma</a>' in pdf_text(response.content)
    assert pdf_link_targets(response.content) == []
