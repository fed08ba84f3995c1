from datetime import datetime

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from naikkelas.accounts import security
from naikkelas.accounts.backends import LOCKOUT_ATTRIBUTE
from naikkelas.accounts.forms import locked_message
from naikkelas.accounts.models import ApiToken, TwoFactorDevice
from naikkelas.accounts.services import api_token_create, hash_token

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str
    otp: str | None = None


class TokenOut(Schema):
    token: str
    expires_at: datetime


class ErrorOut(Schema):
    detail: str


@router.post("/token", auth=None, response={200: TokenOut, 401: ErrorOut, 429: ErrorOut})
def token_create(request: HttpRequest, payload: TokenIn) -> Status:
    """Exchange a username and password for a bearer token; admins add `otp`, the code of their authenticator.

    Repeated failures lock the account and the address for a while (429)."""
    user = authenticate(request, username=payload.username, password=payload.password)
    status = getattr(request, LOCKOUT_ATTRIBUTE, None)
    if status is not None:
        return Status(429, {"detail": locked_message(status.minutes_left)})
    if user is None:
        return Status(401, {"detail": _("Nama pengguna atau kata sandi salah.")})
    if security.two_factor_required(user):  # type: ignore[arg-type]
        device = TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
        if device is None:
            return Status(401, {"detail": _("Pasang verifikasi dua langkah lewat halaman Akun dulu.")})
        if not payload.otp or not security.code_verify(device, payload.otp):
            # The attempt, counted before the password was checked, stays counted: codes are guessed too.
            return Status(401, {"detail": _("Kode verifikasi dua langkah salah atau tidak ada (isian otp).")})
    security.login_succeeded(payload.username)
    key = api_token_create(user=user)  # type: ignore[arg-type]
    expires = ApiToken.objects.get(key_hash=hash_token(key)).expires_at
    return Status(200, {"token": key, "expires_at": timezone.localtime(expires)})
