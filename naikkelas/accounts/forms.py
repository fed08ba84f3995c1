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
