from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "naikkelas.selection"
    label = "selection"
    verbose_name = _("Seleksi")

    def ready(self) -> None:
        from naikkelas.accounts.access import register_reach
        from naikkelas.accounts.models import Membership
        from naikkelas.core.personal_data import providers
        from naikkelas.programs.providers import register_usage
        from naikkelas.registry import frozen
        from naikkelas.registry.panels import deletion_blockers, panels
        from naikkelas.selection import personal_data, selectors
        from naikkelas.selection.access import reviewed_enterprises
        from naikkelas.selection.panels import pathway_panel
        from naikkelas.selection.selectors import applications_by_level
        from naikkelas.selection.services.runs import baseline_frozen

        panels.register("selection", pathway_panel)
        deletion_blockers.register("selection", selectors.enterprise_took_part)
        providers.register("selection", personal_data.PROVIDER)
        frozen.register(baseline_frozen)
        register_reach(Membership.Role.REVIEWER, reviewed_enterprises)
        register_usage(applications_by_level)
        from naikkelas.selection import home as home_page

        home_page.register()
