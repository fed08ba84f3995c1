from datetime import datetime

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from naikkelas.accounts.models import ApiToken
from naikkelas.accounts.services import api_token_create, hash_token

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    expires_at: datetime


class ErrorOut(Schema):
    detail: str


@router.post("/token", auth=None, response={200: TokenOut, 401: ErrorOut})
def token_create(request: HttpRequest, payload: TokenIn) -> Status:
    """Exchange a username and password for a bearer token."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        return Status(401, {"detail": _("Nama pengguna atau kata sandi salah.")})
    key = api_token_create(user=user)  # type: ignore[arg-type]
    expires = ApiToken.objects.get(key_hash=hash_token(key)).expires_at
    return Status(200, {"token": key, "expires_at": timezone.localtime(expires)})
