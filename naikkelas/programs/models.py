from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from naikkelas.accounts.models import Organisation
from naikkelas.regions.models import Region
from naikkelas.registry.models import SizeClass


class Program(models.Model):
    """A year's tiered training program of an organisation (e.g. Balatkop Jawa Tengah 2021).

    The *current* program is an open one: only open programs take new batches. A program is closed by
    its owner's admin when its year is over (its batches run on; nothing new is opened in it)."""

    class Status(models.TextChoices):
        OPEN = "open", _("berjalan")
        CLOSED = "closed", _("ditutup")

    name = models.CharField(
        _("nama"),
        max_length=200,
        help_text=_("Nama program seperti dikenal peserta, misalnya Pelatihan Berjenjang."),
    )
    year = models.PositiveSmallIntegerField(_("tahun"), help_text=_("Tahun anggaran program, misalnya 2027."))
    owner = models.ForeignKey(
        Organisation, verbose_name=_("pemilik program"), on_delete=models.PROTECT, related_name="programs"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN,
        help_text=_(
            "Program yang berjalan menerima angkatan baru. Tutup program setelah tahunnya selesai: angkatan "
            "yang sudah ada tetap berjalan, tetapi kantor tidak bisa membuka angkatan baru di dalamnya."
        ),
    )  # fmt: skip
    # The program this one was copied from (copying twice into the same year is refused).
    copied_from = models.ForeignKey(
        "self", verbose_name=_("disalin dari"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="copies",
    )  # fmt: skip
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
        """The name with the year, unless the name already holds it ("Naik Kelas Jawa Timur 2026")."""
        return self.name if str(self.year) in self.name else f"{self.name} {self.year}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def followup_schedule(self) -> list[int]:
        """Months after graduation at which figures are due (3, 6 and 12 unless the program says)."""
        return sorted(self.followup_months) or [3, 6, 12]


class Tier(models.TextChoices):
    """Who organises a level: regencies/cities run the basic level, the province the higher ones."""

    REGENCY = "regency", _("kabupaten/kota")
    PROVINCE = "province", _("provinsi")


# The kind of organisation that opens batches of each tier.
TIER_ORGANISATION = {
    Tier.REGENCY: Organisation.Kind.REGENCY_OFFICE,
    Tier.PROVINCE: Organisation.Kind.PROVINCE_CENTRE,
}


class Level(models.Model):
    """One tier of a program (rank 1 = Dasar), with its eligibility thresholds and graduation criteria.

    Once a level has applications, the settings that decide them are frozen; a change of rules is a new
    *version* of the level (same rank, version + 1), and the old version is closed for new batches."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="levels"
    )
    rank = models.PositiveSmallIntegerField(_("jenjang"))
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    replaces = models.OneToOneField(
        "self", verbose_name=_("menggantikan"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="replaced_by",
    )  # fmt: skip
    closed_at = models.DateTimeField(_("ditutup untuk angkatan baru"), null=True, blank=True)
    name = models.CharField(
        _("nama"),
        max_length=100,
        help_text=_("Nama jenjang yang dilihat pendaftar, misalnya Dasar atau Menengah."),
    )
    tier = models.CharField(
        _("penyelenggara"), max_length=10, choices=Tier.choices,
        help_text=_(
            "Siapa yang membuka angkatan jenjang ini: dinas kabupaten/kota (untuk usaha mikro di wilayahnya) "
            "atau balai provinsi (untuk usaha kecil dari seluruh provinsi)."
        ),
    )  # fmt: skip
    duration_days = models.PositiveSmallIntegerField(
        _("lama (hari berturut-turut)"), default=5,
        help_text=_("Berapa hari pelatihan berlangsung tanpa jeda. Tanggal selesai angkatan dihitung dari sini."),
    )  # fmt: skip
    # Eligibility settings (DESIGN.md §1: ≥ 1 year in business, ≥ Rp 5 juta turnover a month).
    min_business_months = models.PositiveSmallIntegerField(
        _("umur usaha minimal (bulan)"), default=12,
        help_text=_(
            "Usaha harus sudah berjalan paling sedikit sekian bulan pada hari pendaftaran ditutup. "
            "12 berarti satu tahun."
        ),
    )  # fmt: skip
    min_omzet = models.BigIntegerField(
        _("omzet minimal per bulan (Rp)"), default=5_000_000,
        help_text=_(
            "Omzet (penjualan) satu bulan yang paling sedikit harus dimiliki pendaftar, dalam rupiah. "
            "Contoh: 5.000.000 untuk Rp5 juta sebulan."
        ),
    )  # fmt: skip
    requires_nib = models.BooleanField(
        _("wajib NIB"), default=False,
        help_text=_(
            "Centang bila pendaftar harus sudah punya NIB (Nomor Induk Berusaha dari OSS). "
            "Wajib untuk jenjang yang dibiayai DAK."
        ),
    )  # fmt: skip
    max_size_class = models.CharField(
        _("skala usaha maksimal"), max_length=10, choices=SizeClass.choices, default=SizeClass.SMALL,
        help_text=_(
            "Usaha yang lebih besar dari ini tidak memenuhi syarat. Menurut PP 7/2021, dari penjualan setahun: "
            "mikro sampai Rp2 miliar, kecil sampai Rp15 miliar, menengah sampai Rp50 miliar."
        ),
    )  # fmt: skip
    motivation_questions = models.JSONField(
        _("pertanyaan motivasi"), default=list, blank=True,
        help_text=_("Pertanyaan yang dijawab pendaftar dengan kata-katanya sendiri; penilai membaca jawabannya."),
    )  # fmt: skip
    # Graduation criteria, read by the training step (training/services/graduation.py).
    min_days_attended = models.PositiveSmallIntegerField(
        _("hadir minimal (hari)"), default=4,
        help_text=_("Peserta lulus bila hadir paling sedikit sekian hari dari seluruh hari pelatihan."),
    )  # fmt: skip
    min_assignments_passed_percent = models.PositiveSmallIntegerField(
        _("tugas lulus minimal (%)"), default=80,
        help_text=_(
            "Peserta lulus bila tugas yang dinilai lulus paling sedikit sekian persen dari semua tugas angkatan. "
            "80 berarti 4 dari 5 tugas."
        ),
    )  # fmt: skip
    # Reviews: how many per application, and the spread of totals that asks for a second look.
    reviews_per_application = models.PositiveSmallIntegerField(
        _("penilai per pendaftar"), default=2,
        help_text=_("Berapa penilai yang menilai setiap pendaftar yang memenuhi syarat."),
    )  # fmt: skip
    review_disagreement = models.DecimalField(
        _("selisih nilai yang perlu ditinjau ulang"), max_digits=3, decimal_places=2, default=1,
        help_text=_(
            "Bila nilai total dua penilai (skala 1 sampai 5) berbeda lebih dari ini, pendaftar ditandai untuk "
            "ditinjau ulang. Contoh: 1 atau 0,5."
        ),
    )  # fmt: skip

    class Meta:
        verbose_name = _("jenjang")
        verbose_name_plural = _("jenjang")
        ordering = ["program", "rank", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "rank", "version"], name="level_rank_version_unique_in_program"
            ),
            # One version of each rank takes new batches; the older ones are closed.
            models.UniqueConstraint(
                fields=["program", "rank"], condition=Q(closed_at__isnull=True), name="level_one_open_version"
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="level_rank_from_one"),
            models.CheckConstraint(condition=Q(version__gte=1), name="level_version_from_one"),
            models.CheckConstraint(condition=Q(duration_days__gte=1), name="level_duration_positive"),
            models.CheckConstraint(condition=Q(min_omzet__gte=0), name="level_min_omzet_not_negative"),
            models.CheckConstraint(
                condition=Q(min_assignments_passed_percent__lte=100), name="level_percent_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        if self.version > 1:
            return f"{self.program} · {self.rank}. {self.name} (v{self.version})"
        return f"{self.program} · {self.rank}. {self.name}"

    @property
    def is_open(self) -> bool:
        """Whether new batches may be opened of this level (its program open, this its current version)."""
        return self.closed_at is None and self.program.is_open


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
    """One criterion reviewers score 1–5 for a level, with its weight in the total and what each score
    means (reviewers read these on the review form)."""

    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(_("kode"), max_length=40)
    label = models.CharField(
        _("kriteria"), max_length=100, help_text=_("Nama singkat yang dilihat penilai, misalnya Komitmen.")
    )
    description = models.TextField(
        _("yang dinilai"), blank=True,
        help_text=_("Satu atau dua kalimat: apa yang dilihat penilai untuk kriteria ini."),
    )  # fmt: skip
    weight = models.PositiveSmallIntegerField(
        _("bobot"),
        help_text=_(
            "Seberapa besar kriteria ini dihitung dalam nilai total, dibanding kriteria lain. "
            "Bobot semua kriteria biasanya berjumlah 100."
        ),
    )
    # What a score of 1, 2, 3, 4 and 5 means: five texts, the first for score 1.
    score_descriptions = models.JSONField(_("arti nilai 1 sampai 5"), default=list, blank=True)
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

    @property
    def scores(self) -> list[tuple[int, str]]:
        """(score, meaning) for 1 to 5; a meaning left unwritten is empty."""
        texts = list(self.score_descriptions or [])
        return [(n, texts[n - 1] if n <= len(texts) else "") for n in range(1, 6)]
