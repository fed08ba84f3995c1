"""Record failed and successful sign-ins for the lockout; stamp the session's start for its maximum age."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from naikkelas.accounts import security

SESSION_LOGIN_AT = "naikkelas_login_at"
SESSION_TWO_FACTOR_AT = "naikkelas_two_factor_at"


@receiver(user_login_failed)
def _failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if request is not None and getattr(request, "_login_locked", False):
        return  # refused while locked: not counted again, so the lock runs out
    username = str(credentials.get("username") or "")
    if username:
        security.login_failed(username, security.client_address(request))


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    security.login_succeeded(user.get_username())
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_LOGIN_AT] = timezone.now().timestamp()
