"""A locked SQLite database (attacks.md V6) is answered with 503 and "try again", never a 500."""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import Client, override_settings

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.core.middleware import SESSION_REFRESHED_AT
from naikkelas.registry import selectors, services
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db

BUSY = "Sistem sedang sibuk menyimpan data lain. Tunggu sebentar, lalu coba lagi."


def locked(*args: Any, **kwargs: Any) -> Any:
    raise OperationalError("database is locked")


def test_a_page_meeting_a_locked_database_asks_to_try_again(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "enterprise_list", locked)
    client = Client()
    client.force_login(personas.semarang_admin)
    response = client.get("/registri/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    page = response.content.decode()
    assert "<h1>Coba lagi sebentar</h1>" in page and BUSY in page


@pytest.mark.parametrize("debug", [False, True])
def test_an_api_write_meeting_a_locked_database_gets_503_and_nothing_changes(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, debug: bool
) -> None:
    person = personas.participant_person
    monkeypatch.setattr(services, "person_update", locked)
    token = api_token_create(user=personas.semarang_admin)
    client = Client(headers={"Authorization": f"Bearer {token}"})
    with override_settings(DEBUG=debug):  # in DEBUG, django-ninja would answer a 500 with a traceback
        response = client.patch(
            f"/api/v1/persons/{person.pk}", {"name": "Baru"}, content_type="application/json"
        )
    assert (response.status_code, response.json()) == (503, {"detail": BUSY})
    assert response["Retry-After"] == "10"
    person.refresh_from_db()
    assert person.name == "Sri Wahyuni"


def test_a_locked_database_outside_the_view_is_answered_the_same(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A signed-in request saves its session in the session middleware, after the view, when its idle
    # timeout is due to slide forward (at most once a minute): this one is.
    client = Client(raise_request_exception=False)
    client.force_login(personas.semarang_admin)
    session = client.session
    session[SESSION_REFRESHED_AT] = 0
    session.save()
    monkeypatch.setattr(SessionStore, "save", locked)
    response = client.get("/registri/pemilik/")
    assert response.status_code == 503
    assert BUSY in response.content.decode()


def test_other_database_errors_stay_errors(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("no such table: registry_enterprise")

    monkeypatch.setattr(selectors, "enterprise_list", broken)
    client = Client(raise_request_exception=False)
    client.force_login(personas.semarang_admin)
    assert client.get("/registri/").status_code == 500


def test_sqlite_connections_use_wal_and_wait_before_giving_up(tmp_path: Path) -> None:
    wrapper = DatabaseWrapper(
        {**settings.DATABASES["default"], "ENGINE": "django.db.backends.sqlite3",
         "NAME": str(tmp_path / "nk.sqlite3"), "OPTIONS": dict(settings.SQLITE_OPTIONS)}
    )  # fmt: skip
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            journal = cursor.fetchone()[0]
            cursor.execute("PRAGMA busy_timeout")
            busy_ms = cursor.fetchone()[0]
        assert wrapper.transaction_mode == "IMMEDIATE"  # type: ignore[attr-defined]
    finally:
        wrapper.close()
    assert (journal, busy_ms) == ("wal", 20_000)
