from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "naikkelas.programs"
    label = "programs"
    verbose_name = _("Program pelatihan")

    def ready(self) -> None:
        from naikkelas.programs import home

        home.register()
