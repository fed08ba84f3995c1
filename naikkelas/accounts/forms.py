from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naikkelas.accounts.security import client_address, lockout_status


def locked_message(minutes: int) -> str:
    return _(
        "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(minutes)s menit, "
        "atau pulihkan kata sandi lewat email."
    ) % {"minutes": minutes}


class LoginForm(AuthenticationForm):
    """Django's sign-in form, refusing with a clear message while the account or address is locked."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        status = lockout_status(username, client_address(self.request))
        if username and status.locked:
            raise forms.ValidationError(locked_message(status.minutes_left), code="locked")
        return super().clean()


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
