from django.db import models
from django.utils.translation import gettext_lazy as _


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

    recipient = models.CharField(_("penerima"), max_length=254)
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    template = models.CharField(_("templat"), max_length=100)
    language = models.CharField(_("bahasa"), max_length=5, default="id")
    context = models.JSONField(_("isi"), default=dict, blank=True)
    # What the message is about, so it is queued once: e.g. "selection:batch-3:application-17".
    dedupe_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pesan")
        verbose_name_plural = _("pesan")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient}: {self.template}"
