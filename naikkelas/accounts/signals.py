"""Clear the lockout after a successful sign-in; stamp the session's start for its maximum age.

Failures need no receiver: the backend counts every attempt before it checks the password."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from naikkelas.accounts.services import security

SESSION_LOGIN_AT = "naikkelas_login_at"
SESSION_TWO_FACTOR_AT = "naikkelas_two_factor_at"


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # Before the second step (when one is required): only the password attempts are cleared here; the
    # verification page clears the rest once the code is right.
    security.password_succeeded(user.get_username())
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_LOGIN_AT] = timezone.now().timestamp()
