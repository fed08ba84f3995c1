"""After sign-in: the session's maximum age, and two-step verification before an admin may do anything."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.services import security
from naikkelas.accounts.signals import SESSION_LOGIN_AT, SESSION_TWO_FACTOR_AT

# Paths an admin may open before the second step: the step itself, signing out, the language switch.
_OPEN_PREFIXES = ("/akun/dua-langkah/", "/akun/keluar/", "/i18n/", "/static/")


class AccountSecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and hasattr(request, "session"):
            started = request.session.get(SESSION_LOGIN_AT)
            max_age = settings.SESSION_MAX_HOURS * 3600
            if started is None or timezone.now().timestamp() - float(started) > max_age:
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Sesi berakhir; silakan masuk lagi.")}, status=401)
                messages.info(request, _("Sesi Anda berakhir; silakan masuk lagi."))
                return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}")
            if (
                not request.session.get(SESSION_TWO_FACTOR_AT)
                and not request.path.startswith(_OPEN_PREFIXES)
                and security.two_factor_required(user)  # type: ignore[arg-type]
            ):
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Verifikasi dua langkah belum dilakukan.")}, status=401)
                target = "accounts:two_factor_verify"
                if not security.has_confirmed_device(user):  # type: ignore[arg-type]
                    target = "accounts:two_factor_setup"
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
