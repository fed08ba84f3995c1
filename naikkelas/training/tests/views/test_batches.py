"""A batch's sessions: the admin edits one within the batch's days."""

from datetime import date, time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from naikkelas.testing.factories import Personas
from naikkelas.training.services import schedule

pytestmark = pytest.mark.django_db


def test_admin_edits_a_session_within_the_batch_days(running, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    the_batch, trainer, _other = running
    schedule.schedule_create(actor=None, batch=the_batch)
    session = the_batch.sessions.order_by("date", "start_time").first()
    url = reverse("training:session_edit", args=[session.pk])
    admin = Client()
    admin.force_login(personas.semarang_admin)
    outside = admin.post(
        url, {"date": "2021-05-20", "start_time": "08:30", "end_time": "12:00", "topic": "X", "trainer": ""}
    )
    assert outside.status_code == 200 and "date" in outside.context["form"].errors
    moved = admin.post(
        url,
        {
            "date": "2021-05-11",
            "start_time": "09:00",
            "end_time": "11:30",
            "topic": "Kanvas",
            "trainer": str(trainer.pk),
        },
    )
    assert moved.status_code == 302
    session.refresh_from_db()
    assert (session.date, session.topic, session.trainer) == (date(2021, 5, 11), "Kanvas", trainer)
    as_trainer = Client()
    as_trainer.force_login(trainer)
    assert as_trainer.get(url).status_code == 403


def test_the_batch_page_writes_session_times_as_the_reader_s_language_does(
    running, personas: Personas
) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other = running
    schedule.schedule_create(actor=None, batch=the_batch)
    first = the_batch.sessions.order_by("date", "start_time").first()
    first.start_time, first.end_time = time(8, 30), time(12, 0)
    first.save(update_fields=["start_time", "end_time"])
    admin = Client()
    admin.force_login(personas.semarang_admin)
    url = reverse("training:batch", args=[the_batch.pk])
    indonesian = admin.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "08.30–12.00" in indonesian and "8:30" not in indonesian
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = admin.get(url).content.decode()
    assert "8:30\u00a0AM–12:00\u00a0PM" in english and "08.30" not in english
