from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naikkelas.accounts.backends import LOCKOUT_ATTRIBUTE


def locked_message(minutes: int) -> str:
    return _(
        "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(minutes)s menit, "
        "atau pulihkan kata sandi lewat email."
    ) % {"minutes": minutes}


class _SaysWhenLocked(AuthenticationForm):
    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except forms.ValidationError:
            # The backend refused the attempt unchecked: say so, with the minutes left.
            status = getattr(self.request, LOCKOUT_ATTRIBUTE, None)
            if status is not None:
                raise forms.ValidationError(locked_message(status.minutes_left), code="locked") from None
            raise


class LoginForm(_SaysWhenLocked):
    """Django's sign-in form, refusing with a clear message while the account or address is locked."""

    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's Indonesian text puts "nama pengguna" before the field's name, which is "nama pengguna".
        "invalid_login": gettext_lazy(
            "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil."
        ),
    }


class StaffLoginForm(_SaysWhenLocked, AdminAuthenticationForm):
    """The Django admin's sign-in form: the same lock message and the same fix of Django's wording."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": gettext_lazy(
            "Nama pengguna atau kata sandi akun staf salah. Perhatikan huruf besar dan kecil."
        ),
    }


class TwoFactorResetForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Nama pengguna"), max_length=150)
    confirm = forms.BooleanField(
        label=gettext_lazy("Saya sudah memastikan orangnya (bertemu langsung atau lewat telepon kantor)."),
        required=True,
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode 6 angka dari aplikasi autentikator"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


# --- staff -------------------------------------------------------------------------------------------


def role_choices() -> list[tuple[str, str]]:
    """The roles, after an empty choice: nobody becomes an admin because the list began with it."""
    from naikkelas.accounts.models import Membership

    return [("", _("— pilih peran —")), *((value, str(label)) for value, label in Membership.Role.choices)]


class OrganisationChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class StaffCreateForm(forms.Form):
    """A new staff member: the office and role, the name, and where the invitation goes."""

    organisation = OrganisationChoiceField(queryset=None, label=gettext_lazy("Kantor"), empty_label=None)
    role = forms.ChoiceField(
        label=gettext_lazy("Peran"),
        choices=role_choices,
        help_text=gettext_lazy(
            "Admin: mengelola kantor (perlu aplikasi autentikator). Penilai: menilai pendaftar. Pelatih: "
            "absensi dan tugas. Pendamping: mendampingi alumni (dinas kabupaten/kota). Pemantau: hanya melihat."
        ),
    )
    username = forms.CharField(
        label=gettext_lazy("Nama pengguna"), max_length=150,
        help_text=gettext_lazy("Untuk masuk, mis. budi.santoso. Huruf besar dan kecil dianggap sama."),
    )  # fmt: skip
    first_name = forms.CharField(label=gettext_lazy("Nama depan"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Nama belakang"), max_length=150, required=False)
    email = forms.CharField(label=gettext_lazy("Email"), max_length=254, required=False)
    phone = forms.CharField(
        label=gettext_lazy("Nomor WhatsApp"), max_length=30, required=False,
        help_text=gettext_lazy("Mis. 0812 3456 7890. Wajib untuk pendamping: peserta dampingannya melihat nomor ini."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )  # fmt: skip

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class StaffEditForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("Nama depan"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Nama belakang"), max_length=150, required=False)
    email = forms.CharField(label=gettext_lazy("Email"), max_length=254, required=False)
    phone = forms.CharField(
        label=gettext_lazy("Nomor WhatsApp"), max_length=30, required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )  # fmt: skip


class RoleGrantForm(forms.Form):
    """One more role, in this office or another the admin manages."""

    organisation = OrganisationChoiceField(queryset=None, label=gettext_lazy("Kantor"), empty_label=None)
    role = forms.ChoiceField(label=gettext_lazy("Peran"), choices=role_choices)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Peran"), choices=role_choices)


STAFF_STATES = [
    ("", gettext_lazy("semua")),
    ("never", gettext_lazy("belum pernah masuk")),
    ("no_2fa", gettext_lazy("admin tanpa autentikator")),
    ("inactive", gettext_lazy("nonaktif")),
]


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Cari nama atau nama pengguna"), required=False, max_length=100)
    state = forms.ChoiceField(label=gettext_lazy("Keadaan"), choices=STAFF_STATES, required=False)


class OnboardForm(forms.Form):
    """The installation page: a province (or one regency/city) and its first admin."""

    code = forms.CharField(
        label=gettext_lazy("Kode wilayah"), max_length=5,
        help_text=gettext_lazy("Provinsi: 2 angka (35 = Jawa Timur), semua kabupaten/kotanya ikut dibuat. "
                               "Satu kabupaten/kota: 35.78 (Kota Surabaya)."),
    )  # fmt: skip
    admin = forms.CharField(
        label=gettext_lazy("Nama pengguna admin pertama"), max_length=150, required=False,
        help_text=gettext_lazy("Kosongkan bila admin akan ditambahkan kemudian."),
    )  # fmt: skip
    email = forms.CharField(label=gettext_lazy("Email admin"), max_length=254, required=False)
    phone = forms.CharField(label=gettext_lazy("Nomor WhatsApp admin"), max_length=30, required=False)
