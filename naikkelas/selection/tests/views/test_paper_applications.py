"""Paper applications typed in by office staff, through the page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from naikkelas.programs.models import Batch
from naikkelas.selection.models import Application
from naikkelas.selection.tests.services.test_paper_applications import (  # noqa: F401 - shared helpers and fixtures
    _client,
    _written,
    batches,
    form_data,
    start,
)
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db


def test_only_the_organisers_admins_open_the_paper_form(
    personas: Personas,
    batches: dict[str, Batch],  # noqa: F811
    start: tuple[int, ...],  # noqa: F811
) -> None:
    url = reverse("selection:application_enter", args=[batches["semarang"].pk])
    assert _client(personas.semarang_admin).get(url).status_code == 200
    assert _client(personas.kudus_admin).get(url).status_code == 404  # another regency: absent
    assert _client(personas.viewer).get(url).status_code == 403  # sees the batch, runs nothing
    assert _client(personas.province_admin).get(url).status_code == 403  # sees it, not its organiser
    assert _client(personas.mentor).get(url).status_code == 404
    assert _client(personas.participant).get(url).status_code == 404
    kudus = reverse("selection:application_enter", args=[batches["kudus"].pk])
    assert _client(personas.semarang_admin).post(kudus, form_data(district="33.19.02")).status_code == 404
    province = reverse("selection:application_enter", args=[batches["province"].pk])
    assert _client(personas.semarang_admin).get(province).status_code == 403  # sees it from below
    assert _written() == start


def test_the_batch_page_links_to_the_paper_form_and_marks_who_entered(
    personas: Personas,
    batches: dict[str, Batch],  # noqa: F811
    start: tuple[int, ...],  # noqa: F811
) -> None:
    client = _client(personas.semarang_admin)
    detail = reverse("selection:batch_detail", args=[batches["semarang"].pk])
    url = reverse("selection:application_enter", args=[batches["semarang"].pk])
    assert f'href="{url}"' in client.get(detail).content.decode()
    response = client.post(url, form_data())
    assert response.status_code == 302 and response["Location"] == detail
    application = Application.objects.get()
    assert application.entered_by == personas.semarang_admin
    page = client.get(detail).content.decode()
    assert "formulir kertas, dimasukkan oleh semarang" in page
    viewer_page = _client(personas.viewer).get(detail).content.decode()
    assert f'href="{url}"' not in viewer_page  # no way to a page that answers 403


def test_the_paper_form_shows_a_refusal_on_its_field_and_writes_nothing(
    personas: Personas,
    batches: dict[str, Batch],  # noqa: F811
    start: tuple[int, ...],  # noqa: F811
) -> None:
    url = reverse("selection:application_enter", args=[batches["semarang"].pk])
    response = _client(personas.semarang_admin).post(url, form_data(consent=""))
    assert response.status_code == 200
    assert "Persetujuan pemrosesan data diperlukan" in str(response.context["form"].errors["consent"])
    assert _written() == start


def test_the_paper_form_warns_before_typing_when_the_window_is_shut(
    personas: Personas,
    batches: dict[str, Batch],  # noqa: F811
    start: tuple[int, ...],  # noqa: F811
) -> None:
    client = _client(personas.semarang_admin)
    url = reverse("selection:application_enter", args=[batches["semarang"].pk])
    assert 'id="window-closed"' not in client.get(url).content.decode()
    closed = batches["semarang"]
    closed.closes_on = timezone.localdate() - timedelta(days=1)
    closed.opens_on = closed.closes_on - timedelta(days=10)
    closed.save(update_fields=["opens_on", "closes_on"])
    assert 'id="window-closed"' in client.get(url).content.decode()
    response = client.post(url, form_data())
    assert "Pendaftaran angkatan ini dibuka" in " ".join(response.context["form"].non_field_errors())
    assert _written() == start
