"""Personal data duties (UU 27/2022): who saw whose data, and the requests of the people it is about."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.what} ({self.person_count})"


class DataRequest(models.Model):
    """A data subject's request: a copy of their data, deletion, or withdrawal of consent."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("salinan data")
        DELETION = "deletion", _("penghapusan")
        WITHDRAWAL = "withdrawal", _("penarikan persetujuan")

    class Status(models.TextChoices):
        OPEN = "open", _("menunggu")
        DONE = "done", _("selesai")
        REFUSED = "refused", _("ditolak")

    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("pemilik data"),
        on_delete=models.PROTECT,
        related_name="data_requests",
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    requested_at = models.DateTimeField(_("diminta"))
    due_at = models.DateTimeField(_("batas waktu"))
    # Where the person lives, so regency/city admins see the requests of their region.
    regency_code = models.CharField(max_length=5, db_index=True)
    handled_at = models.DateTimeField(_("ditangani"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("permintaan data pribadi")
        verbose_name_plural = _("permintaan data pribadi")
        ordering = ["status", "due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person_id} · {self.get_status_display()}"
