from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "naikkelas.training"
    label = "training"
    verbose_name = _("Pelatihan")

    def ready(self) -> None:
        from naikkelas.accounts.access import register_reach
        from naikkelas.accounts.models import Membership
        from naikkelas.core.personal_data import providers
        from naikkelas.training import personal_data
        from naikkelas.training.access import trained_enterprises

        providers.register("training", personal_data.PROVIDER)
        register_reach(Membership.Role.TRAINER, trained_enterprises)
