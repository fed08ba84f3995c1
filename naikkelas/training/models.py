from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from naikkelas.programs.models import Batch, Level
from naikkelas.registry.models import Enterprise
from naikkelas.selection.models import Application


class Graduation(models.Model):
    """An enterprise graduated from a level: written only when the organiser confirms a batch's graduation
    (`training/services/graduation.py`); selection reads it through `selection/graduations.py`.

    The table keeps its first name (`selection_graduation`): the model moved here from selection without
    moving a row.
    """

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="graduations")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="graduations")
    batch = models.ForeignKey(
        Batch, null=True, blank=True, on_delete=models.SET_NULL, related_name="graduations"
    )
    graduated_on = models.DateField(_("tanggal lulus"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "selection_graduation"
        verbose_name = _("kelulusan")
        verbose_name_plural = _("kelulusan")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "level"], name="graduation_once_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.level}"


class BatchTrainer(models.Model):
    """A trainer (fasilitator) assigned to a batch: only they mark its attendance and grade its work."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="trainers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainer_batches"
    )

    class Meta:
        verbose_name = _("pelatih angkatan")
        verbose_name_plural = _("pelatih angkatan")
        constraints = [models.UniqueConstraint(fields=["batch", "user"], name="trainer_once_per_batch")]

    def __str__(self) -> str:
        return f"{self.user} · {self.batch}"


class Enrolment(models.Model):
    """A selected applicant on a batch's roster."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("aktif")
        DROPPED = "dropped", _("keluar")

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="enrolments")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="enrolment")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    dropped_reason = models.TextField(_("alasan keluar"), blank=True)
    dropped_at = models.DateTimeField(_("keluar pada"), null=True, blank=True)
    # Set when the organiser confirms graduation: the outcome and the criteria results that decided it.
    graduated = models.BooleanField(_("lulus"), null=True, blank=True)
    graduation_results = models.JSONField(_("hasil kriteria kelulusan"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("peserta angkatan")
        verbose_name_plural = _("peserta angkatan")
        ordering = ["batch", "application__enterprise__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active") | ~Q(dropped_reason=""), name="enrolment_drop_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.enterprise} · {self.batch}"


class SessionTemplate(models.Model):
    """A session a level's batches start from: day number, time and topic; a batch copies and edits them."""

    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="session_templates")
    day = models.PositiveSmallIntegerField(_("hari ke-"))
    start_time = models.TimeField(_("mulai"))
    end_time = models.TimeField(_("selesai"))
    topic = models.CharField(_("topik"), max_length=200)

    class Meta:
        verbose_name = _("templat sesi")
        verbose_name_plural = _("templat sesi")
        ordering = ["level", "day", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="template_times_ordered"
            ),
            models.CheckConstraint(condition=Q(day__gte=1), name="template_day_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.day}. {self.topic}"


class Session(models.Model):
    """One session of a batch's schedule."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("tanggal"))
    start_time = models.TimeField(_("mulai"))
    end_time = models.TimeField(_("selesai"))
    topic = models.CharField(_("topik"), max_length=200)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pelatih"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")
        ordering = ["batch", "date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="session_times_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.start_time:%H:%M} {self.topic}"


class Attendance(models.Model):
    """Whether an enrolled participant was present on one day of the batch."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    date = models.DateField(_("tanggal"))
    present = models.BooleanField(_("hadir"))
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [models.UniqueConstraint(fields=["enrolment", "date"], name="attendance_once_a_day")]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.date}: {'hadir' if self.present else 'tidak hadir'}"


class AssignmentTemplate(models.Model):
    """An assignment a level's batches start from; due a number of days after the first day."""

    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="assignment_templates")
    title = models.CharField(_("judul"), max_length=200)
    instructions = models.TextField(_("petunjuk"))
    wants_text = models.BooleanField(_("minta jawaban teks"), default=True)
    wants_files = models.BooleanField(_("minta foto/dokumen"), default=False)
    figure_fields = models.JSONField(_("isian angka"), default=list, blank=True)
    due_after_days = models.PositiveSmallIntegerField(_("batas (hari setelah hari pertama)"), default=0)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("templat tugas")
        verbose_name_plural = _("templat tugas")
        ordering = ["level", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Assignment(models.Model):
    """A task (tugas) that applies the training to the participant's own business."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(_("judul"), max_length=200)
    instructions = models.TextField(_("petunjuk"))
    wants_text = models.BooleanField(_("minta jawaban teks"), default=True)
    wants_files = models.BooleanField(_("minta foto/dokumen"), default=False)
    # Figures asked for as numbers: [{"key": "cost_per_unit", "label": "Biaya per unit (Rp)"}, ...]
    figure_fields = models.JSONField(_("isian angka"), default=list, blank=True)
    due_on = models.DateField(_("batas waktu"))

    class Meta:
        verbose_name = _("tugas")
        verbose_name_plural = _("tugas")
        ordering = ["batch", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Submission(models.Model):
    """A participant's answer to an assignment, and the trainer's grade."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("menunggu dinilai")
        PASS = "pass", _("lulus")
        REVISE = "revise", _("perlu diperbaiki")
        FAIL = "fail", _("tidak lulus")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="submissions")
    text = models.TextField(_("jawaban"), blank=True)
    figures = models.JSONField(_("angka"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    score = models.PositiveSmallIntegerField(_("nilai"), null=True, blank=True)
    feedback = models.TextField(_("umpan balik"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    graded_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("dikirim"))

    class Meta:
        verbose_name = _("jawaban tugas")
        verbose_name_plural = _("jawaban tugas")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "enrolment"], name="submission_once_per_assignment"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="submission_score_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.assignment}"


class SubmissionFile(models.Model):
    """A photo or document of a submission, kept in storage and served only to those allowed to see it."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="submissions/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("berkas tugas")
        verbose_name_plural = _("berkas tugas")

    def __str__(self) -> str:
        return self.original_name


class Certificate(models.Model):
    """A graduate's certificate; anyone can verify its code without logging in (never seeing the NIK)."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(_("kode verifikasi"), max_length=16, unique=True)
    number = models.CharField(_("nomor sertifikat"), max_length=60, unique=True)
    issued_on = models.DateField(_("tanggal terbit"))
    signatory = models.CharField(_("penanda tangan"), max_length=150)
    signatory_title = models.CharField(_("jabatan penanda tangan"), max_length=150, blank=True)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_reason = models.TextField(_("alasan dicabut"), blank=True)

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        ordering = ["number"]

    def __str__(self) -> str:
        return self.number


class CertificateStyle(models.Model):
    """How an organisation's certificates look: its logo and who signs them. Without one, certificates
    carry no logo and are signed "Kepala <organisation>"."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="certificate_style",
        verbose_name=_("kantor"),
    )  # fmt: skip
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=150)
    signatory_title = models.CharField(_("jabatan penanda tangan"), max_length=150)
    signatory_id = models.CharField(_("NIP penanda tangan"), max_length=30, blank=True)
    logo = models.FileField(_("logo"), upload_to="certificates/logos/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tampilan sertifikat")
        verbose_name_plural = _("tampilan sertifikat")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.signatory_name}"
