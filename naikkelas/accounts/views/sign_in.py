"""Sign-in pages: the login form, forgotten passwords, two-step verification and its reset."""

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from naikkelas.accounts.access import (
    require_province_admin,
    users_whose_two_factor_can_be_reset_by,
)
from naikkelas.accounts.forms import CodeForm, LoginForm, TwoFactorResetForm
from naikkelas.accounts.models import ApiToken, LoginFailure, TwoFactorDevice
from naikkelas.accounts.services import security
from naikkelas.accounts.services.security import password_reset_mail_task
from naikkelas.accounts.services.tokens import api_tokens_revoke_all
from naikkelas.accounts.signals import SESSION_TWO_FACTOR_AT
from naikkelas.core.audit import audit_record
from naikkelas.core.http import client_address


class LoginView(auth_views.LoginView):
    form_class = LoginForm


PASSWORD_RESETS_PER_HOUR = 5


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, limited per address: no one floods a mailbox (or the mail server) with links.

    The mail goes out from a background task that also looks the address up, so a known and an unknown
    address cost the page the same work (the attack report timed 105 ms against 73 ms before)."""

    def form_valid(self, form: Any) -> HttpResponse:
        key = f"password-reset:{client_address(self.request)}"
        cache.add(key, 0, timeout=3600)
        if cache.incr(key) > PASSWORD_RESETS_PER_HOUR:
            form.add_error(None, _("Terlalu banyak permintaan dari alamat ini. Coba lagi dalam satu jam."))
            return self.form_invalid(form)
        password_reset_mail_task.enqueue(
            email=form.cleaned_data["email"],
            domain=self.request.get_host(),
            use_https=self.request.is_secure(),
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        return redirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset form; a new password also lifts the account's lockout (the owner proved the mailbox)
    and ends every API token (someone else may hold one)."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        security.login_succeeded(form.user.get_username())
        api_tokens_revoke_all(user=form.user, actor=form.user, reason=ApiToken.RevokeReason.PASSWORD_RESET)
        return response


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator: scan the QR code (or type the key), then confirm with one code."""
    user = request.user
    if security.has_confirmed_device(user):  # type: ignore[arg-type]
        # An enrolled secret is never shown again (a hijacked session must not copy it); a lost phone is
        # reset by a province admin, and the person enrols afresh.
        if request.session.get(SESSION_TWO_FACTOR_AT):
            return redirect("accounts:account")
        return redirect("accounts:two_factor_verify")
    account: Any = user
    if request.method == "GET":
        device: TwoFactorDevice | None = security.device_start(account)
    else:
        device = TwoFactorDevice.objects.filter(user=account).first()
    if device is None:
        return redirect("accounts:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if security.code_verify(device, form.cleaned_data["code"]):
            request.session[SESSION_TWO_FACTOR_AT] = timezone.now().timestamp()
            messages.success(request, _("Verifikasi dua langkah aktif."))
            return redirect(_next_url(request))
        form.add_error("code", _("Kode salah atau sudah kedaluwarsa; masukkan kode yang sedang tampil."))
    uri = security.provisioning_uri(device)
    secret = security.device_secret(device)
    context = {
        "form": form,
        "qr_svg": segno.make(uri, error="m").svg_inline(scale=4, title=_("Kode QR autentikator")),
        "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "next": _next_url(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    device = TwoFactorDevice.objects.filter(user=request.user, confirmed_at__isnull=False).first()  # type: ignore[misc]
    if device is None:
        return redirect("accounts:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = request.user.get_username()
        # Counted before the code is checked, like a password (parallel guesses take turns).
        status = security.attempt_begin(username, client_address(request), step=LoginFailure.Step.CODE)
        if status.locked:
            form.add_error(
                "code",
                _("Terlalu banyak kode salah. Coba lagi dalam %(m)s menit.") % {"m": status.minutes_left},
            )
        elif security.code_verify(device, form.cleaned_data["code"]):
            security.login_succeeded(username)
            request.session.cycle_key()
            request.session[SESSION_TWO_FACTOR_AT] = timezone.now().timestamp()
            return redirect(_next_url(request))
        else:
            form.add_error("code", _("Kode salah atau sudah kedaluwarsa; masukkan kode yang sedang tampil."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def two_factor_reset_page(request: HttpRequest) -> HttpResponse:
    """A province admin removes a lost authenticator; the person enrols again at the next sign-in."""
    actor: Any = request.user
    require_province_admin(actor)
    form = TwoFactorResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = (
            users_whose_two_factor_can_be_reset_by(actor)
            .filter(username=form.cleaned_data["username"])
            .first()
        )
        if target is None:
            form.add_error("username", _("Tidak ada staf dengan nama pengguna ini di wilayah Anda."))
        else:
            security.two_factor_reset(target)
            audit_record(actor=actor, action="2fa_reset", instance=target, changes={})
            messages.success(
                request,
                _("Verifikasi dua langkah %(user)s diatur ulang; ia memasang lagi saat masuk berikutnya.")
                % {"user": target.get_username()},
            )
            return redirect("accounts:account")
    return render(request, "accounts/two_factor_reset.html", {"form": form})
