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


class AnalysisPlan(models.Model):
    """A program's analysis plan, fixed before the first follow-up is due: the primary outcome, the
    design, the follow-up window, the winsorizing of follow-up levels, the subgroups and the minimum
    group size. Every later change is kept in `changes` (with whether data had arrived) and shown."""

    class Outcome(models.TextChoices):
        OMZET = "omzet", _("omzet per bulan")
        ASET = "aset", _("aset")
        WORKERS = "workers", _("tenaga kerja")

    class Design(models.TextChoices):
        RD = "rd", _("perbandingan di sekitar ambang seleksi")
        ITT = "itt", _("semua yang ditawari kursi dibanding yang tidak")

    class Subgroup(models.TextChoices):
        SECTOR = "sector", _("sektor")
        REGENCY = "regency", _("kabupaten/kota")
        SIZE = "size_class", _("skala usaha")

    program = models.OneToOneField(
        "programs.Program", verbose_name=_("program"), on_delete=models.CASCADE, related_name="analysis_plan"
    )
    primary_outcome = models.CharField(
        _("ukuran utama"), max_length=10, choices=Outcome.choices, default=Outcome.OMZET
    )
    design = models.CharField(_("cara perbandingan"), max_length=4, choices=Design.choices, default=Design.RD)
    window_from = models.PositiveSmallIntegerField(_("tindak lanjut dari bulan ke-"), default=6)
    window_to = models.PositiveSmallIntegerField(_("sampai bulan ke-"), default=12)
    winsor_percent = models.PositiveSmallIntegerField(
        _("potong nilai ekstrem (persen tiap ujung)"), default=0,
        help_text=_("0 = tidak dipotong; 1 = nilai tindak lanjut di bawah persentil 1 dan di atas 99 dipotong."),
    )  # fmt: skip
    subgroups = models.JSONField(_("kelompok bagian"), default=list, blank=True)
    min_group = models.PositiveSmallIntegerField(_("ukuran kelompok terkecil"), default=30)
    fixed_at = models.DateTimeField(_("ditetapkan"))
    fixed_after_data = models.BooleanField(_("ditetapkan sesudah data masuk"), default=False)
    changes = models.JSONField(_("perubahan"), default=list, blank=True)

    class Meta:
        verbose_name = _("rencana analisis")
        verbose_name_plural = _("rencana analisis")
        constraints = [
            models.CheckConstraint(
                condition=Q(window_to__gte=models.F("window_from")), name="analysis_plan_window"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_id}: {self.primary_outcome}, {self.design}"


class ImpactEstimate(models.Model):
    """The last impact estimate of one cohort for one scope, in one language (`outcomes.estimates`):
    computed by a background task and kept until the data it was read from change. `key` is the
    fingerprint of the data behind `result`; `wanted_key` the one a queued or running task computes."""

    subject = models.CharField(max_length=64, unique=True)
    key = models.CharField(max_length=64, blank=True)
    result = models.JSONField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    wanted_key = models.CharField(max_length=64, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("perkiraan dampak tersimpan")
        verbose_name_plural = _("perkiraan dampak tersimpan")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="impact_estimate_progress")
        ]

    def __str__(self) -> str:
        return f"{self.subject[:12]} {self.computed_at or '–'}"


class CohortSummary(models.Model):
    """The cohort report's figures for one year, level rank (0: any level), region ("" for Indonesia, a
    province or a regency/city code) and sector ("" for all), with the default follow-up window: what a
    national or province report reads instead of the rows (`outcomes.summaries`). Each row is computed
    for its own region and sector, so its medians are exact too; a report never adds medians up."""

    year = models.PositiveSmallIntegerField()
    rank = models.PositiveSmallIntegerField()
    region_code = models.CharField(max_length=5, blank=True)
    sector = models.CharField(max_length=40, blank=True)
    participants = models.PositiveIntegerField()
    with_followup = models.PositiveIntegerField()
    totals = models.JSONField(default=list)  # [baseline, follow-up] per metric: omzet, aset, workers
    medians = models.JSONField(default=list)  # the same order; null without answers
    growth_counts = models.JSONField(default=list)  # per `charts.EDGES` bin; empty on sector rows
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("ringkasan kohort")
        verbose_name_plural = _("ringkasan kohort")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "rank", "region_code", "sector"], name="cohort_summary_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}/{self.rank} {self.region_code or 'ID'} {self.sector or '*'}"
