from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A Kemendagri administrative area: province (33), regency/city (33.74) or district (33.74.01).

    `province_code` and `regency_code` are stored on every row so that a subtree ("all of Central Java")
    is one indexed equality filter, never recursion.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("provinsi")
        REGENCY = "regency", _("kabupaten/kota")
        DISTRICT = "district", _("kecamatan")

    code = models.CharField(_("kode"), max_length=8, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province_code = models.CharField(_("kode provinsi"), max_length=2, db_index=True)
    regency_code = models.CharField(_("kode kabupaten/kota"), max_length=5, blank=True, db_index=True)

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="province", parent__isnull=True)
                | Q(kind__in=["regency", "district"], parent__isnull=False),
                name="region_parent_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_city(self) -> bool:
        return self.kind == self.Kind.REGENCY and self.name.startswith("Kota ")


def subtree_q(region: Region | None, prefix: str = "", district: str = "district") -> Q:
    """A filter for rows whose `{prefix}province_code` / `regency_code` / `district` lie in region.

    Models that live in a region carry `province_code`, `regency_code` and a `district` foreign key;
    one that keeps its district elsewhere names the path (an application: `enterprise__district`).
    """
    if region is None:
        return Q(pk__isnull=False)  # everything, and safe to OR with other conditions
    if region.kind == Region.Kind.PROVINCE:
        return Q(**{f"{prefix}province_code": region.code})
    if region.kind == Region.Kind.REGENCY:
        return Q(**{f"{prefix}regency_code": region.code})
    return Q(**{f"{prefix}{district}_id": region.code})
