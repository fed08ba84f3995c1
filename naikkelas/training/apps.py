from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "naikkelas.training"
    label = "training"
    verbose_name = _("Pelatihan")

    def ready(self) -> None:
        from naikkelas.programs.providers import register_copier, register_level_link
        from naikkelas.training.level_templates import level_templates_copy
        from naikkelas.training.views_templates import level_link

        register_copier(level_templates_copy)
        register_level_link(level_link)
