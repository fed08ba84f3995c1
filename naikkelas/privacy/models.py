"""Personal data duties (UU 27/2022): the requests of the people the data is about.

Who saw whose data is the access log, kept low in `core` (every app writes it).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
