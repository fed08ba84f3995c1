"""The password backend with the lockout in front, so every door (pages, API, Django admin) honours it."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from naikkelas.accounts.security import client_address, lockout_status


class LockoutBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username and lockout_status(username, client_address(request)).locked:
            if request is not None:
                request._login_locked = True  # type: ignore[attr-defined]
            # PermissionDenied stops Django trying other backends.
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)
