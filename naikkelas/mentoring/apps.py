from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "naikkelas.mentoring"
    label = "mentoring"
    verbose_name = _("Pendampingan")

    def ready(self) -> None:
        from naikkelas.accounts.access import register_reach
        from naikkelas.accounts.models import Membership
        from naikkelas.mentoring.access import mentored_enterprises

        register_reach(Membership.Role.MENTOR, mentored_enterprises)
