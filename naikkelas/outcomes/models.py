from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from naikkelas.regions.models import Region


class PriceIndex(models.Model):
    """The consumer price index (IHK, BPS) of a province for a month, 2022 = 100: deflates rupiah to a
    chosen base month so growth is not just inflation."""

    province = models.ForeignKey(
        Region, verbose_name=_("provinsi"), on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": "province"},
    )  # fmt: skip
    month = models.DateField(_("bulan"), help_text=_("Hari pertama bulan."))
    value = models.DecimalField(_("IHK (2022 = 100)"), max_digits=7, decimal_places=2)
    source = models.CharField(_("sumber"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("indeks harga konsumen")
        verbose_name_plural = _("indeks harga konsumen")
        ordering = ["province", "month"]
        constraints = [
            models.UniqueConstraint(fields=["province", "month"], name="price_index_once_per_month"),
            models.CheckConstraint(condition=Q(value__gt=0), name="price_index_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.province_id} {self.month:%Y-%m}: {self.value}"


class HeroStory(models.Model):
    """A graduate's own story for the public local-heroes page, shown only while they consent."""

    enterprise = models.OneToOneField(
        "registry.Enterprise", verbose_name=_("usaha"), on_delete=models.CASCADE, related_name="hero_story"
    )
    publicity_consent = models.BooleanField(_("setuju ditampilkan di halaman publik"), default=False)
    consented_at = models.DateTimeField(_("waktu persetujuan"), null=True, blank=True)
    story = models.TextField(_("cerita"), max_length=2000)
    photo = models.FileField(_("foto"), upload_to="heroes/%Y/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kisah pahlawan lokal")
        verbose_name_plural = _("kisah pahlawan lokal")

    def __str__(self) -> str:
        return str(self.enterprise)
