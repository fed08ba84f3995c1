from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "naikkelas.selection"
    label = "selection"
    verbose_name = _("Seleksi")

    def ready(self) -> None:
        from naikkelas.programs.providers import register_usage
        from naikkelas.registry.panels import register
        from naikkelas.selection.panels import pathway_panel
        from naikkelas.selection.selectors import applications_by_level

        register(pathway_panel)
        register_usage(applications_by_level)
