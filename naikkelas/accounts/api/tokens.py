"""Sign-in for the API (bearer tokens) and the tokens themselves: list them, revoke them."""

from datetime import datetime
from typing import Any, Literal

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from naikkelas.accounts.access import api_tokens_for_user, get_api_token_for_user
from naikkelas.accounts.backends import LOCKOUT_ATTRIBUTE
from naikkelas.accounts.forms import locked_message
from naikkelas.accounts.models import ApiToken, LoginFailure, TwoFactorDevice
from naikkelas.accounts.selectors import api_token_state
from naikkelas.accounts.services import security
from naikkelas.accounts.services.tokens import api_token_create, api_token_revoke, hash_token
from naikkelas.core.pagination import PageNumberPagination
from naikkelas.core.schemas import Id

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str
    otp: str | None = None
    name: str | None = Field(
        None,
        max_length=100,
        description="Untuk mengenali token nanti (mis. nama aplikasi); bawaan: User-Agent.",
    )


class TokenOut(Schema):
    token: str
    expires_at: datetime


class ErrorOut(Schema):
    detail: str


@router.post("/token", auth=None, response={200: TokenOut, 401: ErrorOut, 429: ErrorOut})
def token_create(request: HttpRequest, payload: TokenIn) -> Status:
    """Exchange a username and password for a bearer token; admins add `otp`, the code of their authenticator.

    Repeated failures lock the account and the address for a while (429)."""
    # With a code, the attempt also guesses the second factor: a later right password must not clear it.
    step = LoginFailure.Step.CODE if payload.otp else LoginFailure.Step.PASSWORD
    if "\x00" in payload.username or "\x00" in payload.password:
        # No account is named or guarded by a NUL character (the sign-in forms refuse it, and PostgreSQL
        # cannot hold it in a query): the plain wrong-credentials answer, without asking the database.
        return Status(401, {"detail": _("Nama pengguna atau kata sandi salah.")})
    user = authenticate(request, username=payload.username, password=payload.password, step=step)
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
    security.login_succeeded(username=payload.username)
    name = (payload.name or request.headers.get("User-Agent", "")).replace("\x00", "")
    key = api_token_create(user=user, name=name)  # type: ignore[arg-type]
    expires = ApiToken.objects.get(key_hash=hash_token(key)).expires_at
    return Status(200, {"token": key, "expires_at": timezone.localtime(expires)})


def _request_key_hash(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    return hash_token(header.removeprefix("Bearer ").strip()) if header.startswith("Bearer ") else ""


class TokenInfoOut(Schema):
    """A token as its owner (or an admin) sees it: never the key."""

    id: int
    user_id: int
    username: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime
    revoked_at: datetime | None
    revoked_reason: str = Field(description="Kosong, atau alasan pencabutan.")
    state: Literal["active", "expired", "revoked", "password_changed", "inactive"]
    current: bool = Field(description="Token yang dipakai permintaan ini.")

    @staticmethod
    def resolve_username(obj: ApiToken) -> str:
        return obj.user.get_username()

    @staticmethod
    def resolve_state(obj: ApiToken) -> str:
        return api_token_state(obj)

    @staticmethod
    def resolve_current(obj: ApiToken, context: Any) -> bool:
        return obj.key_hash == _request_key_hash(context["request"])


@router.get("/tokens", response=list[TokenInfoOut])
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def token_list(request: HttpRequest, user_id: Id | None = None) -> Any:
    """Your own tokens, and an admin's also those of the staff of their offices; `user_id` narrows to one
    person. Name, created, last used, expiry and state — never the key."""
    tokens = api_tokens_for_user(request.user)  # type: ignore[arg-type]
    return tokens.filter(user_id=user_id) if user_id is not None else tokens


@router.delete("/tokens/{token_id}", response=TokenInfoOut)
def token_revoke(request: HttpRequest, token_id: Id) -> Any:
    """Revoke one token at once (yours, or an admin's for staff of their offices); 404 for any other.
    Revoking a revoked token again changes nothing."""
    user: Any = request.user
    token = get_api_token_for_user(user, token_id, write=True)
    return api_token_revoke(actor=user, token=token)
