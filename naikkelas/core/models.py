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


# What an access showed, in words: AccessLog.what holds the code the view noted (access_log.note).
ACCESS_WHAT_LABELS = {
    "person_detail": _("halaman pemilik"),
    "enterprise_detail": _("halaman usaha"),
    "api_person": _("data pemilik lewat API"),
    "registry_xlsx": _("ekspor registri (Excel)"),
    "certificate_pdf": _("sertifikat (PDF)"),
    "certificates_zip": _("sertifikat satu angkatan (ZIP)"),
    "dak_participants": _("daftar peserta DAK"),
    "import_outside_scope": _("impor yang menyebut orang di luar wilayah"),
}


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

    @property
    def what_label(self) -> str:
        """The data shown, in words; a code noted without a label is shown as is."""
        return str(ACCESS_WHAT_LABELS.get(self.what, self.what))


class IdempotencyKey(models.Model):
    """A write the client labelled with its own UUID, kept with the first answer so that a phone resending
    the same form (after a lost signal) gets that answer again instead of a second row.

    `subject` is whose key it is: `user:<id>`, or for a form without sign-in (a personal link) the page's
    path, so two people can never collide on a key or see each other's answers."""

    subject = models.CharField(max_length=200)
    key = models.UUIDField()
    payload_hash = models.CharField(max_length=64)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    location = models.CharField(max_length=500, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("kunci idempotensi")
        verbose_name_plural = _("kunci idempotensi")
        constraints = [models.UniqueConstraint(fields=["subject", "key"], name="idempotency_key_once")]

    def __str__(self) -> str:
        return f"{self.subject} {self.key}"


class EditConflict(models.Model):
    """An edit that arrived after a newer one on the server (typically from a phone that was offline): it
    is not applied over the newer value, and it is not lost either. Kept here, with what was sent, for
    the supervisor of the region to settle.

    The region codes are copied from the record's enterprise so that a regency admin's scope filters
    these rows like any other regional row, without core knowing the higher apps."""

    class Status(models.TextChoices):
        OPEN = "open", _("belum ditangani")
        RESOLVED = "resolved", _("sudah ditangani")

    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengirim"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    object_type = models.CharField(_("jenis objek"), max_length=60)
    object_id = models.CharField(_("ID objek"), max_length=40)
    object_repr = models.CharField(_("objek"), max_length=200)
    url = models.CharField(_("halaman"), max_length=500, blank=True)
    loaded_version = models.CharField(_("versi saat formulir dibuka"), max_length=60, blank=True)
    server_version = models.CharField(_("versi di server"), max_length=60, blank=True)
    summary = models.CharField(_("isian yang dikirim"), max_length=300, blank=True)
    submitted = models.JSONField(_("isian mentah"), default=dict, blank=True)
    province_code = models.CharField(max_length=2, blank=True, db_index=True)
    regency_code = models.CharField(max_length=5, blank=True, db_index=True)
    district_code = models.CharField(max_length=8, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditangani oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("ditangani pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("bentrok isian")
        verbose_name_plural = _("bentrok isian")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.object_type}#{self.object_id} {self.created_at:%Y-%m-%d %H:%M}"
