from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "naikkelas.registry"
    label = "registry"
    verbose_name = _("Registri UMKM")

    def ready(self) -> None:
        from naikkelas.core.personal_data import providers
        from naikkelas.registry import personal_data

        providers.register("registry", personal_data.PROVIDER)
        from naikkelas.registry import home as home_page

        home_page.register()
