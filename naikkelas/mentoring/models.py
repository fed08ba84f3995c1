from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from naikkelas.regions.models import Region
from naikkelas.registry.models import Enterprise, MetricReport, Sector


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

    @property
    def sector_labels(self) -> list[str]:
        """The sectors of expertise in words (stored as the registry's sector codes)."""
        labels = dict(Sector.choices)
        return [str(labels.get(code, code)) for code in self.sectors]


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


class Visit(models.Model):
    """A mentor's visit, call or online meeting with a mentee: planned ahead, then logged as done."""

    class Mode(models.TextChoices):
        VISIT = "visit", _("kunjungan")
        CALL = "call", _("telepon")
        ONLINE = "online", _("daring")

    class Status(models.TextChoices):
        PLANNED = "planned", _("direncanakan")
        DONE = "done", _("terlaksana")

    mentor = models.ForeignKey(
        Mentor, verbose_name=_("pendamping"), on_delete=models.PROTECT, related_name="visits"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("usaha"), on_delete=models.PROTECT, related_name="mentor_visits"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DONE)
    date = models.DateField(_("tanggal"))
    # The date it was planned for (kept when it is done), so the scorecard can count done vs planned.
    planned_on = models.DateField(_("direncanakan untuk"), null=True, blank=True)
    mode = models.CharField(_("cara"), max_length=10, choices=Mode.choices, default=Mode.VISIT)
    topics = models.TextField(_("topik"), blank=True)
    problems = models.TextField(_("masalah yang ditemukan"), blank=True)
    # Action items: [{"text": "...", "due": "YYYY-MM-DD"}]
    actions = models.JSONField(_("tindak lanjut"), default=list, blank=True)
    report = models.ForeignKey(
        MetricReport, verbose_name=_("angka usaha"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="visits",
    )  # fmt: skip
    # Stored privately (checked and re-encoded by core.uploads), seen only through mentoring's door.
    photo = models.FileField(_("foto kunjungan"), upload_to="visits/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    province_code = models.CharField(max_length=2, db_index=True, editable=False)
    regency_code = models.CharField(max_length=5, db_index=True, editable=False)

    class Meta:
        verbose_name = _("kunjungan pendamping")
        verbose_name_plural = _("kunjungan pendamping")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["mentor", "date"])]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.date:%Y-%m-%d}"


class Consultation(models.Model):
    """A participant's request for help, answered by their mentor in a thread.

    The first answer is due by `response_due_on` (working days); past it the request escalates to the
    regency/city admin (level 1), then to the province (level 2)."""

    class Category(models.TextChoices):
        MARKETING = "marketing", _("pemasaran")
        FINANCE = "finance", _("keuangan")
        PRODUCTION = "production", _("produksi")
        LEGAL = "legal", _("perizinan & legalitas")
        DIGITAL = "digital", _("digital")
        OTHER = "other", _("lainnya")

    class Status(models.TextChoices):
        OPEN = "open", _("menunggu jawaban")
        ANSWERED = "answered", _("dijawab")
        CLOSED = "closed", _("selesai")

    class Escalation(models.IntegerChoices):
        NONE = 0, _("belum")
        REGENCY = 1, _("admin kabupaten/kota")
        PROVINCE = 2, _("admin provinsi")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("usaha"), on_delete=models.PROTECT, related_name="consultations"
    )
    mentor = models.ForeignKey(
        Mentor, verbose_name=_("pendamping"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="consultations",
    )  # fmt: skip
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("kategori"), max_length=12, choices=Category.choices)
    description = models.TextField(_("uraian masalah"))
    photo = models.FileField(_("foto"), upload_to="consultations/%Y/%m/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("dibuka"))
    response_due_on = models.DateField(_("batas jawaban pertama"))
    first_response_at = models.DateTimeField(_("jawaban pertama"), null=True, blank=True)
    last_answer_at = models.DateTimeField(null=True, blank=True)
    escalation = models.PositiveSmallIntegerField(
        _("eskalasi"), choices=Escalation.choices, default=Escalation.NONE
    )
    escalated_at = models.DateTimeField(_("dieskalasi"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    closed_automatically = models.BooleanField(default=False)
    province_code = models.CharField(max_length=2, db_index=True, editable=False)
    regency_code = models.CharField(max_length=5, db_index=True, editable=False)

    class Meta:
        verbose_name = _("konsultasi")
        verbose_name_plural = _("konsultasi")
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["status", "response_due_on"])]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_category_display()}"


class ConsultationMessage(models.Model):
    """One message in a consultation's thread."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("pesan"))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"


class FollowUp(models.Model):
    """Figures an enterprise owes some months after the end of the batch it entered the program at
    (participants and the comparison group alike, `selection.cohorts`): last month's turnover, assets
    and workers — or that the business has closed.

    Reported through a personal link (signed with `link_nonce`; a new nonce revokes it; it stops working
    after `link_expires_on`) or by the mentor on a visit."""

    class Group(models.TextChoices):
        PARTICIPANT = "participant", _("peserta")
        COMPARISON = "comparison", _("pembanding")

    class Status(models.TextChoices):
        PENDING = "pending", _("belum dilaporkan")
        REPORTED = "reported", _("dilaporkan")
        CLOSED = "closed", _("usaha sudah tutup")
        WITHDRAWN = "withdrawn", _("dihentikan: persetujuan ditarik")

    class Via(models.TextChoices):
        LINK = "link", _("tautan pribadi")
        MENTOR = "mentor", _("pendamping")
        STAFF = "staff", _("petugas")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("usaha"), on_delete=models.PROTECT, related_name="followups"
    )
    program = models.ForeignKey(
        "programs.Program", verbose_name=_("program"), on_delete=models.PROTECT, related_name="followups"
    )
    group = models.CharField(_("kelompok"), max_length=12, choices=Group.choices)
    month_offset = models.PositiveSmallIntegerField(_("bulan ke-"))
    anchor_on = models.DateField(_("dihitung dari"))
    due_on = models.DateField(_("jatuh tempo"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    report = models.OneToOneField(
        MetricReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="followup"
    )
    reported_at = models.DateTimeField(_("dilaporkan"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via = models.CharField(_("melalui"), max_length=10, choices=Via.choices, blank=True)
    jump_confirmed = models.BooleanField(_("lonjakan dikonfirmasi"), default=False)
    evidence = models.FileField(_("foto bukti"), upload_to="followups/%Y/%m/", blank=True)
    link_nonce = models.CharField(max_length=32, unique=True)
    link_expires_on = models.DateField(_("tautan berlaku sampai"))
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    province_code = models.CharField(max_length=2, db_index=True, editable=False)
    regency_code = models.CharField(max_length=5, db_index=True, editable=False)

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "program", "month_offset"], name="followup_once_per_month_offset"
            ),
            models.CheckConstraint(condition=Q(month_offset__gte=1), name="followup_offset_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.month_offset} bln"
