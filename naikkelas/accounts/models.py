from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from naikkelas.regions.models import Region


class CaseInsensitiveUserManager(UserManager["User"]):
    """Signs in whatever case the username is typed in: `Budi.Santoso` and `budi.santoso` are one account
    (the database holds only one of them, see `user_username_ci_unique`)."""

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(username__iexact=username)


class User(AbstractUser):
    """A person who logs in: staff through memberships, a participant through their person record."""

    # Staff: the WhatsApp number an invitation goes to, and a mentor's number her mentees see. E.164.
    phone = models.CharField(_("nomor WhatsApp"), max_length=20, blank=True)

    objects = CaseInsensitiveUserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_ci_unique",
                violation_error_message=_(
                    "Nama pengguna ini sudah dipakai (huruf besar dan kecil dianggap sama)."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Organisation(models.Model):
    """A province training centre, a regency/city office or the ministry, tied to its region."""

    class Kind(models.TextChoices):
        PROVINCE_CENTRE = "province_centre", _("balai pelatihan provinsi")
        REGENCY_OFFICE = "regency_office", _("dinas kabupaten/kota")
        MINISTRY = "ministry", _("kementerian")
        # Whoever runs the installation: brings provinces and offices in; holds no program data.
        INSTALLATION = "installation", _("pengelola instalasi")

    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Kosong untuk kementerian (seluruh Indonesia) dan pengelola instalasi."),
    )

    class Meta:
        verbose_name = _("organisasi")
        verbose_name_plural = _("organisasi")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["ministry", "installation"]) | Q(region__isnull=False),
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
    """A bearer token for the API; only its SHA-256 is stored.

    A token works until it expires, is revoked, or its user's password changes: it carries a fingerprint
    of the password hash it was issued under, so a password set by any path (including the shell) ends
    it, as Django ends the sessions."""

    class RevokeReason(models.TextChoices):
        PASSWORD_CHANGED = "password_changed", _("kata sandi diganti")
        PASSWORD_RESET = "password_reset", _("kata sandi diatur ulang lewat email")
        DEACTIVATED = "deactivated", _("akun dinonaktifkan")
        BY_OWNER = "by_owner", _("dicabut pemiliknya")
        BY_ADMIN = "by_admin", _("dicabut admin")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    name = models.CharField(_("nama"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    password_fingerprint = models.CharField(max_length=64, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=20, choices=RevokeReason.choices, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_reason="")
                | Q(revoked_at__isnull=False) & ~Q(revoked_reason=""),
                name="api_token_revoked_with_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.name or self.pk} · {self.expires_at:%Y-%m-%d}"


class LoginFailure(models.Model):
    """One sign-in attempt that has not succeeded, kept for the lockout window (per account and per address).

    The row is written before the password is checked (see `security.attempt_begin`) and removed when the
    attempt succeeds, so parallel guesses cannot all be evaluated before any of them is counted."""

    class Step(models.TextChoices):
        PASSWORD = "password", _("kata sandi")
        CODE = "code", _("kode dua langkah")

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(db_index=True)
    # A right password clears the password attempts only: signing in again must not give a second-factor
    # guesser a fresh count.
    step = models.CharField(max_length=10, choices=Step.choices, default=Step.PASSWORD)

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
