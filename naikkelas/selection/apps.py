from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "naikkelas.selection"
    label = "selection"
    verbose_name = _("Seleksi")

    def ready(self) -> None:
        from naikkelas.accounts.access import register_reach
        from naikkelas.accounts.models import Membership
        from naikkelas.registry import frozen
        from naikkelas.registry.panels import register
        from naikkelas.selection.access import reviewed_enterprises
        from naikkelas.selection.panels import pathway_panel
        from naikkelas.selection.runs import baseline_frozen

        register(pathway_panel)
        frozen.register(baseline_frozen)
        register_reach(Membership.Role.REVIEWER, reviewed_enterprises)
