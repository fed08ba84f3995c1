from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from naikkelas.regions.models import Region
from naikkelas.registry.models import Enterprise


class Mentor(models.Model):
    """A pendamping based in one regency/city, with sectors of expertise and a mentee capacity."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentor_profile"
    )
    regency = models.ForeignKey(
        Region, verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": "regency"},
    )  # fmt: skip
    province_code = models.CharField(max_length=2, db_index=True, editable=False)
    regency_code = models.CharField(max_length=5, db_index=True, editable=False)
    sectors = models.JSONField(_("sektor keahlian"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(_("kapasitas dampingan"), default=10)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("pendamping")
        verbose_name_plural = _("pendamping")
        ordering = ["regency_code", "id"]
        constraints = [models.CheckConstraint(condition=Q(capacity__gte=1), name="mentor_capacity_positive")]

    def __str__(self) -> str:
        return str(self.user)


class MentorAssignment(models.Model):
    """A mentor working with an enterprise (its owner, a graduate) from `started_at` until ended."""

    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="assignments")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="mentor_assignments")
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.TextField(blank=True)
    province_code = models.CharField(max_length=2, db_index=True, editable=False)
    regency_code = models.CharField(max_length=5, db_index=True, editable=False)

    class Meta:
        verbose_name = _("penugasan pendamping")
        verbose_name_plural = _("penugasan pendamping")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(ended_at__isnull=True),
                name="one_active_mentor_per_enterprise",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.enterprise}"
