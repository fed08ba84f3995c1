from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "naikkelas.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from naikkelas.core import (
            access_log,
            checks,  # noqa: F401  (registers the deploy checks)
            codes,
            idempotency,
        )
        from naikkelas.core.middleware import stamp_session_on_login
        from naikkelas.core.personal_data import PersonalData, providers

        user_logged_in.connect(stamp_session_on_login, dispatch_uid="core.session_refresh")

        providers.register("core.access_log", PersonalData(retention=access_log.retention))
        providers.register("core.codes", PersonalData(retention=codes.retention))
        providers.register("core.idempotency", PersonalData(retention=idempotency.retention))
