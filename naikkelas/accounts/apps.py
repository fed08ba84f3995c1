from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "naikkelas.accounts"
    label = "accounts"
    verbose_name = _("Akun")

    def ready(self) -> None:
        from naikkelas.accounts import (
            links,
            personal_data,
            signals,  # noqa: F401  (connects the receivers)
        )
        from naikkelas.core.personal_data import providers

        providers.register("accounts", personal_data.PROVIDER)
        links.account_links.register("accounts", links.staff_links)
