from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "naikkelas.selection"
    label = "selection"
    verbose_name = _("Seleksi")

    def ready(self) -> None:
        from naikkelas.registry.panels import register
        from naikkelas.selection.panels import pathway_panel

        register(pathway_panel)
