from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "naikkelas.training"
    label = "training"
    verbose_name = _("Pelatihan")

    def ready(self) -> None:
        from naikkelas.accounts.access import register_reach
        from naikkelas.accounts.models import Membership
        from naikkelas.core.offline import offline_pages
        from naikkelas.core.personal_data import providers
        from naikkelas.programs.providers import register_copier, register_level_link
        from naikkelas.registry.providers import deletion_blockers, import_kinds
        from naikkelas.selection.graduations import sources as graduation_sources
        from naikkelas.training import personal_data, selectors
        from naikkelas.training.access import trained_enterprises
        from naikkelas.training.offline import trainer_pages
        from naikkelas.training.services.level_templates import level_templates_copy
        from naikkelas.training.views.level_templates import level_link

        providers.register("training", personal_data.PROVIDER)
        offline_pages.register("training", trainer_pages)
        register_reach(Membership.Role.TRAINER, trained_enterprises)
        register_copier(level_templates_copy)
        register_level_link(level_link)
        graduation_sources.register("training", selectors.GRADUATIONS)
        deletion_blockers.register("training", selectors.enterprise_graduated)
        from naikkelas.training.services.history import HISTORY_IMPORT

        import_kinds.register("training", HISTORY_IMPORT)
        from naikkelas.registry.import_check import Template, templates
        from naikkelas.registry.models import ImportJob
        from naikkelas.training.history import COLUMNS as HISTORY_COLUMNS

        templates.register("training", Template(ImportJob.Kind.HISTORY.label, HISTORY_COLUMNS))
        from naikkelas.training import home as home_page

        home_page.register()
