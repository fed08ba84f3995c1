from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What each message template is for, in words (the key names its file, notify/<key>.txt).
TEMPLATE_LABELS = {
    "application_code": _("Kode pendaftaran"),
    "application_received": _("Pendaftaran diterima"),
    "channel_stopped": _("Pesan WhatsApp dihentikan"),
    "consultation_answered": _("Konsultasi dijawab"),
    "consultation_escalated": _("Konsultasi dieskalasi"),
    "consultation_opened": _("Konsultasi baru"),
    "consultation_reply": _("Balasan konsultasi"),
    "followup_reminder": _("Pengingat tindak lanjut"),
    "password_code": _("Kode atur ulang sandi"),
    "selection_result": _("Hasil seleksi"),
    "sign_in_code": _("Kode masuk"),
    "staff_invitation": _("Undangan staf"),
    "status_link": _("Tautan status pendaftaran"),
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
        DELIVERED = "delivered", _("diterima")
        READ = "read", _("dibaca")
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
    provider_ref = models.CharField(_("nomor dari gateway"), max_length=100, blank=True, db_index=True)
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


class ChannelConsent(models.Model):
    """One choice of a person about one channel: yes or no to our messages on WhatsApp, SMS or email at
    this address, when, where it was given and which version of the consent text she was shown. Rows are
    never changed: the newest per address and channel is the state, the older ones its history."""

    class Source(models.TextChoices):
        FORM = "form", _("formulir daring")
        PAPER = "paper", _("formulir kertas (dicatat petugas)")
        PHONE = "phone", _("disampaikan lewat telepon (dicatat petugas)")
        REPLY = "reply", _("balasan BERHENTI di WhatsApp")
        DATA_PAGE = "data_page", _("halaman data pribadi")
        LINK = "link", _("tautan berhenti di pesan")

    address = models.CharField(_("alamat"), max_length=254)
    channel = models.CharField(_("saluran"), max_length=10, choices=Message.Channel.choices)
    opted_in = models.BooleanField(_("bersedia"))
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    text_version = models.CharField(_("versi teks persetujuan"), max_length=20, blank=True)
    recorded_at = models.DateTimeField(_("waktu"), default=timezone.now)
    # The staff member who typed it (a paper form); blank when the person chose herself.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("dicatat oleh"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("persetujuan saluran")
        verbose_name_plural = _("persetujuan saluran")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["address", "channel", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.channel} {self.address}: {'in' if self.opted_in else 'out'}"


class WhatsAppTemplate(models.Model):
    """The approved WhatsApp template (Business Platform) a message type goes out as, in one language: its
    name at the provider and which values fill its numbered parameters {{1}}, {{2}}, … in order. Without
    one, a WhatsApp message goes out as plain text (which the provider accepts only within 24 hours of
    the person's last message)."""

    key = models.CharField(_("jenis pesan"), max_length=100)
    language = models.CharField(
        _("bahasa"), max_length=5, choices=[("id", "Bahasa Indonesia"), ("en", "English")]
    )
    name = models.CharField(_("nama templat WhatsApp"), max_length=512)
    provider_language = models.CharField(_("kode bahasa di WhatsApp"), max_length=15, default="id")
    parameters = models.JSONField(_("isian parameter"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("templat WhatsApp")
        verbose_name_plural = _("templat WhatsApp")
        ordering = ["key", "language"]
        constraints = [models.UniqueConstraint(fields=["key", "language"], name="whatsapp_template_once")]

    def __str__(self) -> str:
        return f"{self.key} ({self.language}) → {self.name}"


class InboundMessage(models.Model):
    """A message a person sent us on WhatsApp, kept once per provider id (webhooks arrive at least once)."""

    provider_id = models.CharField(max_length=200, unique=True)
    sender = models.CharField(_("pengirim"), max_length=32)
    body = models.TextField(_("pesan"), blank=True)
    in_reply_to = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="replies",
        verbose_name=_("membalas"),
    )  # fmt: skip
    # Which app took it ("mentoring" when it joined a consultation thread); blank: nobody, staff look.
    taken_by = models.CharField(max_length=50, blank=True)
    received_at = models.DateTimeField()

    class Meta:
        verbose_name = _("pesan masuk")
        verbose_name_plural = _("pesan masuk")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.sender}: {self.body[:40]}"
