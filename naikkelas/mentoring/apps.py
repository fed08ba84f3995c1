from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "naikkelas.mentoring"
    label = "mentoring"
    verbose_name = _("Pendampingan")

    def ready(self) -> None:
        from naikkelas.accounts import hooks
        from naikkelas.accounts.access import register_reach
        from naikkelas.accounts.models import Membership
        from naikkelas.core.offline import offline_pages
        from naikkelas.core.personal_data import providers
        from naikkelas.mentoring import personal_data, selectors, staff_hooks
        from naikkelas.mentoring.access import mentored_enterprises
        from naikkelas.mentoring.offline import mentor_pages
        from naikkelas.mentoring.services.replies import take_reply
        from naikkelas.notify.services.outbox import reply_takers
        from naikkelas.registry.panels import deletion_blockers

        deletion_blockers.register("mentoring", selectors.enterprise_took_part)
        providers.register("mentoring", personal_data.PROVIDER)
        offline_pages.register("mentoring", mentor_pages)
        register_reach(Membership.Role.MENTOR, mentored_enterprises)
        reply_takers.register("mentoring", take_reply)
        from naikkelas.mentoring import home as home_page

        home_page.register()
        hooks.role_granted.register("mentoring", staff_hooks.mentor_for_membership)
        hooks.account_deactivated.register("mentoring", staff_hooks.mentor_close)
