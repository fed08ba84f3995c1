from django.db import models
from django.utils.translation import gettext_lazy as _

# What each message template is for, in words (the key names its file, notify/<key>.txt).
TEMPLATE_LABELS = {
    "application_code": _("Kode pendaftaran"),
    "application_received": _("Pendaftaran diterima"),
    "consultation_answered": _("Konsultasi dijawab"),
    "consultation_escalated": _("Konsultasi dieskalasi"),
    "consultation_opened": _("Konsultasi baru"),
    "consultation_reply": _("Balasan konsultasi"),
    "followup_reminder": _("Pengingat tindak lanjut"),
    "password_code": _("Kode atur ulang sandi"),
    "selection_result": _("Hasil seleksi"),
}


def template_label(key: str) -> str:
    """A template's name for people; an unknown key (a template added without a label) is shown as is."""
    return str(TEMPLATE_LABELS.get(key, key))


class Message(models.Model):
    """One message in the outbox: what to send to whom, through which channel, and what became of it."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("email")
        WHATSAPP = "whatsapp", _("WhatsApp")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        QUEUED = "queued", _("antre")
        SENT = "sent", _("terkirim")
        FAILED = "failed", _("gagal")
        SKIPPED = "skipped", _("dilewati")
        MANUAL = "manual", _("dikirim petugas")

    recipient = models.CharField(_("penerima"), max_length=254)
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    template = models.CharField(_("templat"), max_length=100)
    language = models.CharField(_("bahasa"), max_length=5, default="id")
    context = models.JSONField(_("isi"), default=dict, blank=True)
    # What the message is about, so it is queued once: e.g. "selection:batch-3:application-17".
    dedupe_key = models.CharField(max_length=200, unique=True)
    # The region the message concerns (blank: none), so staff see the hand-sent queue of their region.
    province_code = models.CharField(max_length=2, blank=True, db_index=True)
    regency_code = models.CharField(max_length=5, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # After a failed attempt the next one waits (exponential backoff); a sweep picks it up then.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    provider_ref = models.CharField(_("nomor dari gateway"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pesan")
        verbose_name_plural = _("pesan")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient}: {self.template}"

    @property
    def template_label(self) -> str:
        return template_label(self.template)


class MessageTemplate(models.Model):
    """An admin's wording of a message in one language; first line is the subject. Without one, the file
    template `notify/<key>.txt` is used."""

    key = models.CharField(_("templat"), max_length=100)
    language = models.CharField(
        _("bahasa"), max_length=5, choices=[("id", "Bahasa Indonesia"), ("en", "English")]
    )
    body = models.TextField(
        _("isi"), help_text=_("Baris pertama menjadi judul. Isian seperti {{ name }} diganti saat dikirim.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("templat pesan")
        verbose_name_plural = _("templat pesan")
        ordering = ["key", "language"]
        constraints = [models.UniqueConstraint(fields=["key", "language"], name="message_template_once")]

    def __str__(self) -> str:
        return f"{self.key} ({self.language})"


class OptOut(models.Model):
    """A recipient who asked not to receive messages on a channel; delivery skips them."""

    recipient = models.CharField(_("penerima"), max_length=254)
    channel = models.CharField(_("saluran"), max_length=10, choices=Message.Channel.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("berhenti berlangganan")
        verbose_name_plural = _("berhenti berlangganan")
        constraints = [models.UniqueConstraint(fields=["recipient", "channel"], name="opt_out_once")]

    def __str__(self) -> str:
        return f"{self.channel}: {self.recipient}"
