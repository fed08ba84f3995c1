"""Indonesian first: pages speak Indonesian unless the user picked another language.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a phone set to English would
show English to an office that works in Indonesian. Here pages use the language cookie (set by the
language switch) or LANGUAGE_CODE; the API, used by programs, also honours Accept-Language.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class LanguageMiddleware:
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
