from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "naikkelas.notify"
    label = "notify"
    verbose_name = _("Notifikasi")

    def ready(self) -> None:
        from naikkelas.accounts.hooks import invitation_delivery
        from naikkelas.core.personal_data import providers
        from naikkelas.notify import invitations, personal_data

        providers.register("notify", personal_data.PROVIDER)
        from naikkelas.notify import home as home_page

        home_page.register()
        invitation_delivery.register("notify", invitations.invitation_deliver)
