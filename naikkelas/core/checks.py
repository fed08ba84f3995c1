"""Deployment checks of our own, run by `naikkelas check --deploy` beside Django's."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def naikkelas_deploy_checks(app_configs: Any, **kwargs: Any) -> list[Any]:
    found: list[Any] = []
    if not settings.TWO_FACTOR_REQUIRED:
        found.append(
            Warning(
                "TWO_FACTOR_REQUIRED is off: admins sign in with a password alone.",
                hint="Remove TWO_FACTOR_REQUIRED=false from the environment (only the demo turns it off).",
                id="naikkelas.W001",
            )
        )
    from naikkelas.core import crypto

    try:
        crypto.decrypt(crypto.encrypt("check"))
    except Exception as error:  # a malformed key
        found.append(
            Error(
                f"FIELD_ENCRYPTION_KEYS cannot be used: {error}",
                hint="Generate keys with: naikkelas keys",
                id="naikkelas.E001",
            )
        )
    return found
