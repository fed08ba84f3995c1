from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "naikkelas.outcomes"
    verbose_name = _("hasil program")

    def ready(self) -> None:
        from naikkelas.core.personal_data import providers
        from naikkelas.outcomes import personal_data

        providers.register("outcomes", personal_data.PROVIDER)
        from naikkelas.outcomes import home as home_page

        home_page.register()
