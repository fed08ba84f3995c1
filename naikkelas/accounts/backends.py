"""The password backend with the lockout in front, so every door (pages, API, Django admin) honours it."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from naikkelas.accounts.models import LoginFailure
from naikkelas.accounts.services.security import attempt_begin
from naikkelas.core.http import client_address

# Set on the request when an attempt was refused unchecked: the doors answer with the minutes left.
LOCKOUT_ATTRIBUTE = "_login_lockout"


class LockoutBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username:
            # Counted before the password is checked: parallel guesses cannot all slip in under the limit.
            # The API passes step="code" when the request also carries a second-factor code.
            step = kwargs.pop("step", LoginFailure.Step.PASSWORD)
            status = attempt_begin(username, client_address(request), step=step)
            if status.locked:
                if request is not None:
                    setattr(request, LOCKOUT_ATTRIBUTE, status)
                # PermissionDenied stops Django trying other backends.
                raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)
