from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from naikkelas.core import crypto
from naikkelas.core.formats import month_year
from naikkelas.regions.models import Region
from naikkelas.registry.nik import mask_nik


class Sex(models.TextChoices):
    MALE = "M", _("laki-laki")
    FEMALE = "F", _("perempuan")


class Sector(models.TextChoices):
    FOOD = "food", _("makanan & minuman")
    FISHERY = "fishery", _("olahan perikanan")
    CRAFT = "craft", _("kerajinan")
    FASHION = "fashion", _("fesyen & sablon")
    LEATHER = "leather", _("kulit & alas kaki")
    AGRICULTURE = "agriculture", _("pertanian")
    TRADE = "trade", _("perdagangan")
    SERVICES = "services", _("jasa")
    OTHER = "other", _("lainnya")


class SizeClass(models.TextChoices):
    """PP 7/2021 by annual sales: micro ≤ Rp 2 bn, small ≤ Rp 15 bn, medium ≤ Rp 50 bn."""

    MICRO = "micro", _("mikro")
    SMALL = "small", _("kecil")
    MEDIUM = "medium", _("menengah")
    LARGE = "large", _("besar")


def nik_digest(nik: str) -> str:
    """The keyed hash the database finds and keeps unique an NIK by (it never holds the NIK itself)."""
    return crypto.keyed_hash(nik, purpose="nik")


class Person(models.Model):
    """An owner of an enterprise; a participant's user account links to their own person.

    The NIK is stored encrypted (`nik_encrypted`) beside its keyed hash (`nik_digest`); `person.nik`
    reads and writes the plain value in memory only. Look a person up with `nik_digest(nik)`.
    """

    nik_encrypted = models.TextField(_("NIK (terenkripsi)"), editable=False)
    nik_digest = models.CharField(max_length=64, unique=True, editable=False)
    nik_warning = models.CharField(_("catatan NIK"), max_length=300, blank=True)
    name = models.CharField(_("nama"), max_length=150)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    phone = models.CharField(_("nomor WhatsApp"), max_length=16, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address_district = models.ForeignKey(
        Region,
        verbose_name=_("kecamatan domisili"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "district"},
    )
    province_code = models.CharField(max_length=2, db_index=True, editable=False)
    regency_code = models.CharField(max_length=5, db_index=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    # UU 27/2022: the person withdrew consent to follow-ups and publicity; or asked to be deleted, after
    # which only anonymous figures remain (naikkelas/privacy/services.py).
    consent_withdrawn_at = models.DateTimeField(_("persetujuan ditarik"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("dianonimkan"), null=True, blank=True)
    # The import that wrote this row, if one did; while that import is still writing (it writes in
    # chunks), a failure removes every row carrying it, so an import stays all or nothing.
    import_job = models.ForeignKey(
        "ImportJob", null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pemilik usaha")
        verbose_name_plural = _("pemilik usaha")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def nik(self) -> str:
        plain = self.__dict__.get("_nik_plain")
        if plain is None:
            plain = crypto.decrypt(self.nik_encrypted) if self.nik_encrypted else ""
            self.__dict__["_nik_plain"] = plain
        return plain

    @nik.setter
    def nik(self, value: str) -> None:
        value = value or ""
        if self.nik_encrypted and value == self.nik:
            return  # unchanged: keep the ciphertext, so audits see no change
        self.__dict__["_nik_plain"] = value
        self.nik_encrypted = crypto.encrypt(value) if value else ""
        self.nik_digest = nik_digest(value) if value else ""

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        self.__dict__.pop("_nik_plain", None)
        super().refresh_from_db(*args, **kwargs)

    @property
    def nik_masked(self) -> str:
        return mask_nik(self.nik)


class Enterprise(models.Model):
    """A micro or small enterprise (UMKM) and where it operates."""

    owner = models.ForeignKey(
        Person, verbose_name=_("pemilik"), on_delete=models.PROTECT, related_name="enterprises"
    )
    name = models.CharField(_("nama usaha"), max_length=200)
    nib = models.CharField(_("NIB"), max_length=13, blank=True, db_index=True)
    kbli_code = models.CharField(_("kode KBLI"), max_length=5, blank=True)
    kbli_version = models.CharField(
        _("versi KBLI"), max_length=4, blank=True, choices=[("2020", "2020"), ("2025", "2025")]
    )
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices, db_index=True)
    district = models.ForeignKey(
        Region,
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "district"},
    )
    province_code = models.CharField(max_length=2, db_index=True, editable=False)
    regency_code = models.CharField(max_length=5, db_index=True, editable=False)
    started_on = models.DateField(_("mulai usaha"))
    size_class = models.CharField(
        _("skala usaha"), max_length=10, choices=SizeClass.choices, blank=True, db_index=True
    )
    possible_duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("mungkin sama dengan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    import_job = models.ForeignKey(  # as on Person; the enterprise's figures go with it
        "ImportJob", null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("usaha")
        verbose_name_plural = _("usaha")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["regency_code", "name", "id"]),
            models.Index(fields=["province_code", "name", "id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(nib="") | Q(Exact(Length("nib"), 13)), name="enterprise_nib_length"
            ),
            models.CheckConstraint(
                condition=Q(kbli_code="") | Q(Exact(Length("kbli_code"), 5)),
                name="enterprise_kbli_length",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MetricReport(models.Model):
    """Turnover (omzet) per month, assets (aset) and workers of an enterprise for one month."""

    class Source(models.TextChoices):
        APPLICATION = "application", _("pendaftaran")
        FOLLOW_UP = "follow_up", _("tindak lanjut")
        MENTOR_VISIT = "mentor_visit", _("kunjungan pendamping")
        IMPORT = "import", _("impor")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("usaha"), on_delete=models.CASCADE, related_name="reports"
    )
    period = models.DateField(_("bulan"), help_text=_("Hari pertama bulan yang dilaporkan."))
    omzet = models.BigIntegerField(_("omzet per bulan (Rp)"))
    aset = models.BigIntegerField(_("aset (Rp)"))
    workers = models.PositiveIntegerField(_("tenaga kerja"))
    source = models.CharField(_("sumber"), max_length=20, choices=Source.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dilaporkan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("laporan kinerja")
        verbose_name_plural = _("laporan kinerja")
        ordering = ["enterprise", "-period", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(omzet__gte=0), name="metric_omzet_not_negative"),
            models.CheckConstraint(condition=Q(aset__gte=0), name="metric_aset_not_negative"),
            models.UniqueConstraint(
                fields=["enterprise", "period", "source"], name="metric_one_per_period_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {month_year(self.period)}"  # "Juni 2021": read in lists and copies


class ImportJob(models.Model):
    """One uploaded spreadsheet: checked first (dry run), then written all or nothing. Of new enterprises
    with their owners and figures, or of new monthly figures for enterprises already registered."""

    class Kind(models.TextChoices):
        ENTERPRISES = "enterprises", _("usaha baru")
        FIGURES = "figures", _("angka bulanan usaha terdaftar")
        # Past batches with participants, attendance, graduation and figures: training's (providers.import_kinds).
        HISTORY = "history", _("riwayat pelatihan")

    class Status(models.TextChoices):
        CHECKING = "checking", _("sedang diperiksa")
        CHECKED = "checked", _("siap disimpan")
        INVALID = "invalid", _("ada kesalahan")
        WRITING = "writing", _("sedang disimpan")
        DONE = "done", _("selesai")
        FAILED = "failed", _("gagal")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pengunggah"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    file = models.FileField(_("berkas"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("nama berkas"), max_length=200)
    kind = models.CharField(_("jenis impor"), max_length=12, choices=Kind.choices, default=Kind.ENTERPRISES)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CHECKING)
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    error_count = models.PositiveIntegerField(_("jumlah kesalahan"), default=0)
    warning_count = models.PositiveIntegerField(_("jumlah peringatan"), default=0)
    problems = models.JSONField(_("masalah"), default=list, blank=True)
    # Figures imports: the changes the check found and the page showed (row, enterprise, month, old and
    # new figures); the write writes these and nothing else.
    changes = models.JSONField(_("perubahan"), default=list, blank=True)
    written_rows = models.PositiveIntegerField(_("baris tersimpan"), default=0)
    message = models.TextField(_("pesan"), blank=True)
    # The message in every language of settings.LANGUAGES ({"id": ..., "en": ...}), as each problem's
    # "messages": the job is read by people of either language. `message` holds the default language's
    # text (and all there is on jobs from before).
    messages = models.JSONField(_("pesan per bahasa"), default=dict, blank=True)
    # What a write in chunks has committed so far, [[model label, [ids]], ...] in the order first
    # created: an unfinished job's rows are removed by it (imports.import_job_discard_rows), so a job
    # stays all or nothing though each chunk is its own transaction. Used by provided imports (history).
    written = models.JSONField(_("baris tertulis sementara"), default=list, blank=True)
    # The worker's last sign of life while it checks or writes (every 1,000 rows checked, every chunk
    # written); empty while the job waits in the queue. A busy job silent for IMPORT_STALE_MINUTES lost
    # its worker and is failed (imports.import_jobs_fail_stale).
    heartbeat_at = models.DateTimeField(_("tanda aktif terakhir"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("impor berkas")
        verbose_name_plural = _("impor berkas")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
