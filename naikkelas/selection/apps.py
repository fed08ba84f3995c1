from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "naikkelas.selection"
    label = "selection"
    verbose_name = _("Seleksi")

    def ready(self) -> None:
        from naikkelas.core.personal_data import providers
        from naikkelas.registry.panels import register
        from naikkelas.selection import personal_data
        from naikkelas.selection.panels import pathway_panel

        register(pathway_panel)
        providers.register("selection", personal_data.PROVIDER)
