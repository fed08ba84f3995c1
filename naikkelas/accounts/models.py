from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from naikkelas.regions.models import Region


class User(AbstractUser):
    """A person who logs in: staff through memberships, a participant through their person record."""

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Organisation(models.Model):
    """A province training centre, a regency/city office or the ministry, tied to its region."""

    class Kind(models.TextChoices):
        PROVINCE_CENTRE = "province_centre", _("balai pelatihan provinsi")
        REGENCY_OFFICE = "regency_office", _("dinas kabupaten/kota")
        MINISTRY = "ministry", _("kementerian")

    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Kosong untuk kementerian: seluruh Indonesia."),
    )

    class Meta:
        verbose_name = _("organisasi")
        verbose_name_plural = _("organisasi")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="ministry") | Q(region__isnull=False),
                name="organisation_has_region_unless_ministry",
            ),
            models.UniqueConstraint(fields=["name"], name="organisation_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A staff member's role in one organisation; the role decides what they may change."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("admin")
        REVIEWER = "reviewer", _("penilai")
        TRAINER = "trainer", _("pelatih")
        MENTOR = "mentor", _("pendamping")
        VIEWER = "viewer", _("pemantau")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("peran"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.user} · {self.expires_at:%Y-%m-%d}"


class LoginFailure(models.Model):
    """One sign-in attempt that has not succeeded, kept for the lockout window (per account and per address).

    The row is written before the password is checked (see `security.attempt_begin`) and removed when the
    attempt succeeds, so parallel guesses cannot all be evaluated before any of them is counted."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("gagal masuk")
        verbose_name_plural = _("gagal masuk")

    def __str__(self) -> str:
        return f"{self.username} · {self.address} · {self.at:%Y-%m-%d %H:%M}"


class LoginThrottle(models.Model):
    """A lock row per account (`u:<username>`) and per address (`a:<ip>`): attempts on one key are counted
    one at a time. Rows hold no state beyond the lock; stale ones are removed with the failures."""

    key = models.CharField(max_length=200, unique=True)
    touched_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("kunci percobaan masuk")
        verbose_name_plural = _("kunci percobaan masuk")

    def __str__(self) -> str:
        return self.key


class TwoFactorDevice(models.Model):
    """A TOTP authenticator (RFC 6238) enrolled by a user; the secret is stored encrypted."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor")
    secret_encrypted = models.TextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last time step accepted, so a code cannot be used twice.
    last_step = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("verifikasi dua langkah")
        verbose_name_plural = _("verifikasi dua langkah")

    def __str__(self) -> str:
        return str(self.user)
