from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One create, update or delete of a domain object: who, when, what changed.

    Written by services (not by database triggers) so the trail is the same on SQLite and PostgreSQL.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("dibuat")
        UPDATE = "update", _("diubah")
        DELETE = "delete", _("dihapus")

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("tindakan"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("jenis objek"), max_length=60)
    object_id = models.CharField(_("ID objek"), max_length=40)
    object_repr = models.CharField(_("objek"), max_length=200)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)

    class Meta:
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class CollectiveLeaveDay(models.Model):
    """A cuti bersama day: a working day the government declares off, on top of the national holidays
    the `holidays` package knows. Deadlines counted in working days skip it."""

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("keterangan"), max_length=150)

    class Meta:
        verbose_name = _("cuti bersama")
        verbose_name_plural = _("cuti bersama")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class OneTimeCode(models.Model):
    """A short code sent to a contact on record; entering it proves control of that contact.

    Only a keyed hash of the code is kept. A code serves one purpose and one subject (say
    "application" and a pending application's id), allows a few tries, and works once."""

    purpose = models.CharField(max_length=40)
    subject = models.CharField(max_length=80)
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kode sekali pakai")
        verbose_name_plural = _("kode sekali pakai")
        indexes = [models.Index(fields=["purpose", "subject", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.purpose}:{self.subject}"


class AccessLog(models.Model):
    """One request that showed a full NIK or exported personal data, with whose data it was."""

    class Purpose(models.TextChoices):
        VIEW = "view", _("lihat lengkap")
        EXPORT = "export", _("ekspor")
        API = "api", _("API")
        # An import named a person (by NIK) or their business (by NIB) outside the importer's scope.
        MATCH = "match", _("pencocokan impor")

    at = models.DateTimeField(_("waktu"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(_("pengguna"), max_length=150)
    address = models.GenericIPAddressField(_("alamat"), null=True, blank=True)
    method = models.CharField(max_length=8)
    path = models.CharField(_("alamat halaman"), max_length=300)
    purpose = models.CharField(_("jenis"), max_length=8, choices=Purpose.choices)
    what = models.CharField(_("data"), max_length=60)
    person_ids = models.JSONField(_("orang"), default=list)
    person_count = models.PositiveIntegerField(_("jumlah orang"), default=0)

    class Meta:
        verbose_name = _("log akses data pribadi")
        verbose_name_plural = _("log akses data pribadi")
        ordering = ["-at", "-id"]
        # The table kept its name when the model moved here from privacy: no data moved.
        db_table = "privacy_accesslog"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.what} ({self.person_count})"
