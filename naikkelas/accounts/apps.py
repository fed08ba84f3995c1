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
        from naikkelas.accounts.views.edit_conflicts import conflict_links
        from naikkelas.core.personal_data import providers

        providers.register("accounts", personal_data.PROVIDER)
        links.account_links.register("accounts", links.staff_links)
        links.account_links.register("accounts.conflicts", conflict_links)
        _menu()
        from naikkelas.accounts.home import home_sections, installation_sections

        home_sections.register("accounts.installation", installation_sections)


def _menu() -> None:
    from django.utils.translation import gettext_lazy

    from naikkelas.accounts.access import can_manage_staff, is_installation_admin
    from naikkelas.accounts.home import MenuItem, menu_items

    menu_items.register(
        "accounts.staff", MenuItem(gettext_lazy("Staf"), "accounts:staff_list", can_manage_staff, order=90)
    )
    menu_items.register(
        "accounts.installation",
        MenuItem(
            gettext_lazy("Provinsi dan kantor"), "accounts:installation", is_installation_admin, order=91
        ),
    )
