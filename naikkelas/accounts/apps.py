from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "naikkelas.accounts"
    label = "accounts"
    verbose_name = _("Akun")

    def ready(self) -> None:
        from naikkelas.accounts import (
            personal_data,
            signals,  # noqa: F401  (connects the receivers)
        )
        from naikkelas.accounts.links import account_links
        from naikkelas.accounts.views_conflicts import conflict_links
        from naikkelas.core.personal_data import providers

        providers.register("accounts", personal_data.PROVIDER)
        account_links.register("accounts", conflict_links)
