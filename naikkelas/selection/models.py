from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from naikkelas.programs.models import Batch, Level
from naikkelas.registry.models import Enterprise, MetricReport, Person


class Application(models.Model):
    """An enterprise's application to a batch, with its baseline figures, consent and decision."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("terkirim")
        ELIGIBLE = "eligible", _("memenuhi syarat")
        INELIGIBLE = "ineligible", _("tidak memenuhi syarat")
        SELECTED = "selected", _("terpilih")
        WAITLISTED = "waitlisted", _("daftar tunggu")
        REJECTED = "rejected", _("tidak terpilih")
        WITHDRAWN = "withdrawn", _("mengundurkan diri")

    batch = models.ForeignKey(
        Batch, verbose_name=_("angkatan"), on_delete=models.PROTECT, related_name="applications"
    )
    # The batch's level, kept here so "one live application per enterprise per level" is a constraint.
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+", editable=False)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("usaha"), on_delete=models.PROTECT, related_name="applications"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("pendaftar"), on_delete=models.PROTECT, related_name="applications"
    )
    baseline = models.ForeignKey(
        MetricReport, verbose_name=_("angka awal"), on_delete=models.PROTECT, related_name="+"
    )
    answers = models.JSONField(_("jawaban motivasi"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    eligibility = models.JSONField(_("hasil syarat"), default=list, blank=True)
    eligibility_settings = models.JSONField(_("pengaturan syarat"), default=dict, blank=True)
    recommended_rank = models.PositiveSmallIntegerField(_("jenjang yang disarankan"), null=True, blank=True)
    score = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("peringkat"), null=True, blank=True)
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)
    decision_reason_en = models.TextField(_("alasan keputusan (Inggris)"), blank=True)
    needs_second_look = models.BooleanField(_("perlu ditinjau ulang"), default=False)
    override_reason = models.TextField(_("alasan perubahan manual"), blank=True)
    # The regency/city office that nominated this applicant to the next level (the pathway).
    nominated_by = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="nominations"
    )
    # A paper form typed in by staff (who checked the KTP and the signature); empty: the applicant's own
    # submission on the public form, proved by the code to the contact on record.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dimasukkan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # UU 27/2022 (PDP): consent to processing, recorded separately with its purpose and text version.
    consent_purpose = models.TextField(_("tujuan pemrosesan data"))
    consent_version = models.CharField(_("versi teks persetujuan"), max_length=20)
    consented_at = models.DateTimeField(_("waktu persetujuan"))
    # Turnover of the two months before the baseline month, as the applicant remembers it (optional): lets
    # analysts check pre-trends and mean reversion at the cutoff.
    omzet_month_before = models.BigIntegerField(_("omzet sebulan sebelumnya (Rp)"), null=True, blank=True)
    omzet_two_months_before = models.BigIntegerField(
        _("omzet dua bulan sebelumnya (Rp)"), null=True, blank=True
    )
    # Separate, optional consent: to be asked for figures later even if not selected (the comparison group).
    followup_consent = models.BooleanField(_("bersedia dihubungi untuk tindak lanjut"), default=False)
    # The status link is signed with this nonce; a new nonce revokes every link sent before.
    status_nonce = models.CharField(max_length=32, unique=True)
    submitted_at = models.DateTimeField(_("dikirim"), auto_now_add=True)
    province_code = models.CharField(max_length=2, db_index=True, editable=False)
    regency_code = models.CharField(max_length=5, db_index=True, editable=False)

    class Meta:
        verbose_name = _("pendaftaran")
        verbose_name_plural = _("pendaftaran")
        ordering = ["batch", "rank", "submitted_at", "id"]
        indexes = [models.Index(fields=["batch", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(omzet_month_before__isnull=True) | Q(omzet_month_before__gte=0))
                & (Q(omzet_two_months_before__isnull=True) | Q(omzet_two_months_before__gte=0)),
                name="application_earlier_omzet_not_negative",
            ),
            models.UniqueConstraint(
                fields=["enterprise", "level"],
                condition=~Q(status="withdrawn"),
                name="application_one_live_per_enterprise_level",
            ),
            # One person, one seat: whatever the business is called (a level belongs to one program).
            models.UniqueConstraint(
                fields=["person", "level"],
                condition=~Q(status="withdrawn"),
                name="application_one_live_per_person_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.batch}"


class Review(models.Model):
    """One reviewer's scores (1–5 per rubric criterion) of one application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    scores = models.JSONField(_("nilai per kriteria"), default=dict, blank=True)
    comment = models.TextField(_("komentar"), blank=True)
    total = models.DecimalField(_("nilai tertimbang"), max_digits=4, decimal_places=2, null=True, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("penilaian")
        verbose_name_plural = _("penilaian")
        ordering = ["application", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="review_once_per_reviewer"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.application}"


class PendingApplication(models.Model):
    """A public form submission waiting for the applicant to prove control of the contact on record.

    An NIK is no proof of identity, so nothing is looked up, linked or changed until the code sent to
    the contact the registry holds for that NIK (or, for an NIK new to the registry, to the contact typed
    in the form) is entered. The form's answers wait here encrypted (they hold the NIK) and expire."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="+")
    nik_digest = models.CharField(max_length=64, db_index=True)
    payload = models.TextField()
    # The confirmation page's link is signed with this nonce.
    nonce = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Why confirming could not record the application (shown to whoever proved control, never before).
    refusal = models.TextField(blank=True)
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pendaftaran menunggu kode")
        verbose_name_plural = _("pendaftaran menunggu kode")

    def __str__(self) -> str:
        return f"{self.batch} · {self.created_at:%Y-%m-%d %H:%M}"
