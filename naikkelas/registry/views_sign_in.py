"""Pages of the owners' sign-in by WhatsApp code (sign_in.py): ask, type the code, set a password."""

from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naikkelas.accounts.models import ApiToken
from naikkelas.accounts.services.tokens import api_tokens_revoke_all
from naikkelas.core.http import client_address
from naikkelas.registry import sign_in

SALT = "naikkelas.registry.sign-in-code"
SESSION_KEY = "signed_in_by_code_at"


class IdentifierForm(forms.Form):
    identifier = forms.CharField(
        label=gettext_lazy("Nomor WhatsApp atau nama pengguna"), max_length=150,
        help_text=gettext_lazy("Nomor yang Anda isi saat mendaftar, contoh: 0812 3456 7890."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "tel"}),
    )  # fmt: skip


class SignInCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode 6 angka dari WhatsApp"), max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )  # fmt: skip

    def clean_code(self) -> str:
        digits = "".join(ch for ch in self.cleaned_data["code"] if ch.isdigit())
        if len(digits) != 6:
            raise forms.ValidationError(_("Kode terdiri dari 6 angka."))
        return digits


def code_request(request: HttpRequest) -> HttpResponse:
    form = IdentifierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        sign_in.sign_in_code_send(identifier=identifier)
        return redirect("sign_in_code_check", token=signing.dumps(identifier, salt=SALT))
    return render(request, "registry/sign_in_code.html", {"form": form})


def code_check(request: HttpRequest, token: str) -> HttpResponse:
    try:
        identifier = signing.loads(token, salt=SALT, max_age=int(sign_in.CODE_TTL.total_seconds()))
    except signing.BadSignature:
        messages.error(request, _("Halaman kode sudah kedaluwarsa; minta kode baru."))
        return redirect("sign_in_code")
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, why = sign_in.sign_in_code_check(
            identifier=identifier, code=form.cleaned_data["code"], address=client_address(request)
        )
        if user is not None:
            login(request, user, backend="naikkelas.accounts.backends.LockoutBackend")
            request.session[SESSION_KEY] = timezone.now().isoformat()
            messages.success(request, _("Anda sudah masuk."))
            if not user.has_usable_password():
                return redirect("sign_in_password")  # she may set one now, or skip it
            return redirect("home")
        form.add_error("code", {
            "locked": _("Terlalu banyak percobaan. Tunggu %(minutes)s menit, lalu minta kode baru.")
            % {"minutes": _minutes()},
            "wrong": _("Kode salah. Periksa pesan WhatsApp terakhir dari Naik Kelas."),
        }.get(why, _("Kode ini tidak berlaku lagi (sudah dipakai, kedaluwarsa, atau salah 5 kali). Minta kode baru.")))  # fmt: skip
    return render(request, "registry/sign_in_code_check.html", {"form": form})


def _minutes() -> int:
    from django.conf import settings

    return int(settings.LOGIN_LOCKOUT_MINUTES)


@login_required
def password_after_code(request: HttpRequest) -> HttpResponse:
    """A password for an owner who just signed in with a code (the reset by WhatsApp)."""
    user: Any = request.user
    at = request.session.get(SESSION_KEY)
    if not at or timezone.now() - datetime.fromisoformat(at) > sign_in.PASSWORD_WINDOW:
        raise Http404
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        api_tokens_revoke_all(user=user, actor=user, reason=ApiToken.RevokeReason.PASSWORD_CHANGED)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, _("Kata sandi tersimpan. Lain kali masuk dengan nama pengguna %(username)s.")
                         % {"username": user.username})  # fmt: skip
        return redirect(reverse("accounts:login"))
    return render(request, "registry/sign_in_password.html", {"form": form, "username": user.username})
