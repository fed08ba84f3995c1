from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "naikkelas.mentoring"
    label = "mentoring"
    verbose_name = _("Pendampingan")

    def ready(self) -> None:
        from naikkelas.accounts.access import register_reach
        from naikkelas.accounts.models import Membership
        from naikkelas.core.offline import offline_pages
        from naikkelas.core.personal_data import providers
        from naikkelas.mentoring import personal_data, selectors
        from naikkelas.mentoring.access import mentored_enterprises
        from naikkelas.mentoring.offline import mentor_pages
        from naikkelas.mentoring.replies import take_reply
        from naikkelas.notify.services import reply_takers
        from naikkelas.registry.panels import deletion_blockers

        deletion_blockers.register("mentoring", selectors.enterprise_took_part)
        providers.register("mentoring", personal_data.PROVIDER)
        offline_pages.register("mentoring", mentor_pages)
        register_reach(Membership.Role.MENTOR, mentored_enterprises)
        reply_takers.register("mentoring", take_reply)
