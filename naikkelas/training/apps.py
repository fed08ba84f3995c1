from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "naikkelas.training"
    label = "training"
    verbose_name = _("Pelatihan")

    def ready(self) -> None:
        from naikkelas.core.personal_data import providers
        from naikkelas.training import personal_data

        providers.register("training", personal_data.PROVIDER)
