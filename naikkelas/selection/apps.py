from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "naikkelas.selection"
    label = "selection"
    verbose_name = _("Seleksi")

    def ready(self) -> None:
        from naikkelas.core.personal_data import providers
        from naikkelas.registry.panels import deletion_blockers, panels
        from naikkelas.selection import personal_data, selectors
        from naikkelas.selection.panels import pathway_panel

        panels.register("selection", pathway_panel)
        deletion_blockers.register("selection", selectors.enterprise_took_part)
        providers.register("selection", personal_data.PROVIDER)
