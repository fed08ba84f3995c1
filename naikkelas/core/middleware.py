"""Site-wide request handling: the language of a page, a polite answer when the database is busy, and the
session's idle timeout renewed without a write on every request."""

import sys
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _


class LanguageMiddleware:
    """Indonesian first: pages speak Indonesian unless the user picked another language.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a phone set to English would
    show English to an office that works in Indonesian. Here pages use the language cookie (set by the
    language switch) or LANGUAGE_CODE; the API, used by programs, also honours Accept-Language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self._choose(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response

    def _choose(self, request: HttpRequest) -> str:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen in self.supported:
            return chosen
        if request.path.startswith("/api/"):
            header = translation.get_language_from_request(request, check_path=False)
            if header in self.supported:
                return header
        return settings.LANGUAGE_CODE


# SQLite lets one writer at a time; a writer that waited the busy timeout (settings: OPTIONS "timeout")
# gets "database is locked". That is a reason to try again in a moment, not a server error.
RETRY_AFTER_SECONDS = 10
_BUSY = "_naikkelas_database_busy"


def is_database_busy(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError) and "database is locked" in str(error)


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: a JSON message for the API, a small page (which needs no database) for
    people. Nothing of the request was kept: its transaction was rolled back."""
    message = _("Sistem sedang sibuk menyimpan data lain. Tunggu sebentar, lalu coba lagi.")
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _note_busy(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    # Sent while Django turns an exception raised outside the view (a session saved by its middleware)
    # into a 500; the exception is the one being handled.
    if request is not None and is_database_busy(sys.exc_info()[1]):
        request.__dict__[_BUSY] = True


got_request_exception.connect(_note_busy, dispatch_uid="naikkelas.core.middleware.database_busy")


class DatabaseBusyMiddleware:
    """Answers a locked database with `busy_response` instead of a 500, wherever it happened: in the view
    (process_exception) or in a middleware inside this one (the 500 Django made of it is replaced).
    The API's own handler (naikkelas/api.py) does the same for the API in DEBUG mode."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and request.__dict__.pop(_BUSY, False):
            return busy_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_busy(exception):
            return busy_response(request)
        return None


SESSION_REFRESHED_AT = "_refreshed_at"


def stamp_session_on_login(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """Signing in saves the session anyway: it counts as its first refresh (connected in CoreConfig)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_REFRESHED_AT] = time.time()


class SessionRefreshMiddleware:
    """Slide a signed-in session's idle timeout forward at most once every SESSION_REFRESH_SECONDS,
    instead of saving the session on every request (SESSION_SAVE_EVERY_REQUEST cost an UPDATE of the
    session row per page). The idle timeout is therefore SESSION_COOKIE_AGE, less up to that interval."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = time.time()
            refreshed = session.get(SESSION_REFRESHED_AT)
            if not isinstance(refreshed, (int, float)) or now - refreshed >= settings.SESSION_REFRESH_SECONDS:
                session[SESSION_REFRESHED_AT] = now  # modified: SessionMiddleware saves it, expiry renewed
        return self.get_response(request)
