from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "naikkelas.mentoring"
    label = "mentoring"
    verbose_name = _("Pendampingan")

    def ready(self) -> None:
        from naikkelas.core.personal_data import providers
        from naikkelas.mentoring import personal_data

        providers.register("mentoring", personal_data.PROVIDER)
