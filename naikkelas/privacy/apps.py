from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "naikkelas.privacy"
    label = "privacy"
    verbose_name = _("Data pribadi")

    def ready(self) -> None:
        from naikkelas.accounts.links import account_links
        from naikkelas.privacy import links

        account_links.register("privacy", links.account_links)
        from naikkelas.privacy import home as home_page

        home_page.register()
