"""The pages a field worker's phone keeps for working without signal (docs/field.md).

The service worker (`static/naikkelas/offline/sw.js`) is served from the site's root so that its scope is
the whole site; the page list is asked of the apps above (a trainer's attendance days, a mentor's
mentees' visit forms) through `offline_pages`, each app answering for its own pages.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from naikkelas.core.providers import Providers

# app label -> function(user) giving the paths (same site) that user needs offline.
offline_pages: Providers[Callable[[Any], list[str]]] = Providers("pages to keep on the phone")

MAX_PAGES = 200
_WORKER = Path(__file__).resolve().parent.parent / "static" / "naikkelas" / "offline" / "sw.js"


def pages_for_user(user: Any) -> list[str]:
    """Every page the registered apps say this user needs offline, in order, without repeats."""
    seen: dict[str, None] = {}
    for provider in offline_pages:
        for path in provider(user):
            seen.setdefault(path, None)
    return list(seen)[:MAX_PAGES]


@require_GET
@login_required
@never_cache
def pages_view(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"pages": pages_for_user(request.user)})


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker from the root, so that it may look after every page of the site."""
    response = HttpResponse(_WORKER.read_bytes(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response
