from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "naikkelas.outcomes"
    verbose_name = _("hasil program")
