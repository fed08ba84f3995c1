from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from naikkelas.accounts.models import Organisation
from naikkelas.regions.models import Region
from naikkelas.registry.models import SizeClass


class Program(models.Model):
    """A year's tiered training program of an organisation (e.g. Balatkop Jawa Tengah 2021)."""

    name = models.CharField(_("nama"), max_length=200)
    year = models.PositiveSmallIntegerField(_("tahun"))
    owner = models.ForeignKey(
        Organisation, verbose_name=_("pemilik program"), on_delete=models.PROTECT, related_name="programs"
    )
    # Follow-ups after graduation: months at which every graduate (and the comparison group) reports.
    followup_months = models.JSONField(_("bulan tindak lanjut"), default=list, blank=True)
    # A follow-up figure more than this many times (or less than 1/this) the previous one asks for
    # confirmation and an optional evidence photo.
    followup_jump_factor = models.DecimalField(
        _("batas lonjakan angka"), max_digits=4, decimal_places=1, default=3
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("program")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name", "year"], name="program_unique_per_owner_year"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="program_year_range"),
            models.CheckConstraint(condition=Q(followup_jump_factor__gt=1), name="program_jump_factor_gt_1"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"

    @property
    def followup_schedule(self) -> list[int]:
        """Months after graduation at which figures are due (3, 6 and 12 unless the program says)."""
        return sorted(self.followup_months) or [3, 6, 12]


class Tier(models.TextChoices):
    """Who organises a level: regencies/cities run the basic level, the province the higher ones."""

    REGENCY = "regency", _("kabupaten/kota")
    PROVINCE = "province", _("provinsi")


class Level(models.Model):
    """One tier of a program (rank 1 = Dasar), with its eligibility thresholds and graduation criteria."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="levels"
    )
    rank = models.PositiveSmallIntegerField(_("jenjang"))
    name = models.CharField(_("nama"), max_length=100)
    tier = models.CharField(_("penyelenggara"), max_length=10, choices=Tier.choices)
    duration_days = models.PositiveSmallIntegerField(_("lama (hari berturut-turut)"), default=5)
    # Eligibility settings (DESIGN.md §1: ≥ 1 year in business, ≥ Rp 5 juta turnover a month).
    min_business_months = models.PositiveSmallIntegerField(_("umur usaha minimal (bulan)"), default=12)
    min_omzet = models.BigIntegerField(_("omzet minimal per bulan (Rp)"), default=5_000_000)
    requires_nib = models.BooleanField(_("wajib NIB"), default=False)
    max_size_class = models.CharField(
        _("skala usaha maksimal"), max_length=10, choices=SizeClass.choices, default=SizeClass.SMALL
    )
    motivation_questions = models.JSONField(_("pertanyaan motivasi"), default=list, blank=True)
    # Graduation criteria, used by the training step.
    min_days_attended = models.PositiveSmallIntegerField(_("hadir minimal (hari)"), default=4)
    min_assignments_passed_percent = models.PositiveSmallIntegerField(
        _("tugas lulus minimal (%)"), default=80
    )
    # Reviews: how many per application, and the spread of totals that asks for a second look.
    reviews_per_application = models.PositiveSmallIntegerField(_("penilai per pendaftar"), default=2)
    review_disagreement = models.DecimalField(
        _("selisih nilai yang perlu ditinjau ulang"), max_digits=3, decimal_places=2, default=1
    )

    class Meta:
        verbose_name = _("jenjang")
        verbose_name_plural = _("jenjang")
        ordering = ["program", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["program", "rank"], name="level_rank_unique_in_program"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="level_rank_from_one"),
            models.CheckConstraint(condition=Q(duration_days__gte=1), name="level_duration_positive"),
            models.CheckConstraint(condition=Q(min_omzet__gte=0), name="level_min_omzet_not_negative"),
            models.CheckConstraint(
                condition=Q(min_assignments_passed_percent__lte=100), name="level_percent_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.rank}. {self.name}"


class Batch(models.Model):
    """An angkatan: one run of a level by one organiser, for consecutive days, with an application window."""

    level = models.ForeignKey(
        Level, verbose_name=_("jenjang"), on_delete=models.PROTECT, related_name="batches"
    )
    organiser = models.ForeignKey(
        Organisation, verbose_name=_("penyelenggara"), on_delete=models.PROTECT, related_name="batches"
    )
    title = models.CharField(_("judul"), max_length=200)
    venue = models.CharField(_("tempat"), max_length=200, blank=True)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    capacity = models.PositiveIntegerField(_("kapasitas"))
    opens_on = models.DateField(_("pendaftaran dibuka"))
    closes_on = models.DateField(_("pendaftaran ditutup"))
    published_at = models.DateTimeField(_("hasil seleksi diumumkan"), null=True, blank=True)
    # Denormalised from the organiser's region so batches filter by scope like everything else.
    province_code = models.CharField(max_length=2, db_index=True, editable=False)
    regency_code = models.CharField(max_length=5, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("angkatan")
        verbose_name_plural = _("angkatan")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="batch_capacity_positive"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="batch_window_ordered"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="batch_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class BatchQuota(models.Model):
    """The most seats of a batch that applicants from one regency/city may take."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="quotas")
    regency = models.ForeignKey(
        Region, verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": "regency"},
    )  # fmt: skip
    seats = models.PositiveIntegerField(_("kursi"))

    class Meta:
        verbose_name = _("kuota wilayah")
        verbose_name_plural = _("kuota wilayah")
        constraints = [
            models.UniqueConstraint(fields=["batch", "regency"], name="quota_one_per_regency"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="quota_seats_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.batch} · {self.regency}: {self.seats}"


class RubricCriterion(models.Model):
    """One criterion reviewers score 1–5 for a level, with its weight in the total."""

    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(_("kode"), max_length=40)
    label = models.CharField(_("kriteria"), max_length=100)
    weight = models.PositiveSmallIntegerField(_("bobot"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("kriteria penilaian")
        verbose_name_plural = _("kriteria penilaian")
        ordering = ["level", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["level", "key"], name="criterion_key_unique_in_level"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.weight})"
