from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "naikkelas.training"
    label = "training"
    verbose_name = _("Pelatihan")

    def ready(self) -> None:
        from naikkelas.accounts.access import register_reach
        from naikkelas.accounts.models import Membership
        from naikkelas.training.access import trained_enterprises

        register_reach(Membership.Role.TRAINER, trained_enterprises)
