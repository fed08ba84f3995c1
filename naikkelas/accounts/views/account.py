"""The account page: password, authenticator, API tokens (one's own and, for admins, their staff's)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.access import (
    api_tokens_for_user,
    get_api_token_for_user,
    is_province_admin,
    require,
    users_managed_by,
)
from naikkelas.accounts.links import links_for
from naikkelas.accounts.models import ApiToken
from naikkelas.accounts.selectors import TOKEN_STATES, api_token_state
from naikkelas.accounts.services import security
from naikkelas.accounts.services.tokens import api_token_revoke, api_tokens_revoke_all


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's change form; the new password ends every API token (this session stays signed in)."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        api_tokens_revoke_all(user=form.user, actor=form.user, reason=ApiToken.RevokeReason.PASSWORD_CHANGED)
        return response


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "two_factor_required": security.two_factor_required(user),  # type: ignore[arg-type]
        "two_factor_on": security.has_confirmed_device(user),  # type: ignore[arg-type]
        "province_admin": is_province_admin(user),  # type: ignore[arg-type]
        "links": links_for(user),  # type: ignore[arg-type]
    }
    return render(request, "accounts/account.html", context)


def _token_rows(tokens: Any) -> list[tuple[ApiToken, Any]]:
    return [(token, TOKEN_STATES[api_token_state(token)]) for token in tokens]


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The signed-in user's API tokens: name, created, last used, expiry, state; never the key."""
    user: Any = request.user
    tokens = api_tokens_for_user(user).filter(user=user)
    page = Paginator(tokens, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": _token_rows(page),
        "live": tokens.filter(revoked_at__isnull=True, expires_at__gt=timezone.now()).exists(),
        "manages_staff": users_managed_by(user).exists(),
    }
    return render(request, "accounts/api_tokens.html", context)


@login_required
def staff_api_tokens(request: HttpRequest) -> HttpResponse:
    """An admin's view of the tokens of the staff of their offices (filter by username)."""
    user: Any = request.user
    managed = users_managed_by(user)
    require(managed.exists())
    username = request.GET.get("q", "").strip()
    tokens = api_tokens_for_user(user).exclude(user=user)
    if username:
        tokens = tokens.filter(user__username__icontains=username)
    page = Paginator(tokens, 25).get_page(request.GET.get("page"))
    return render(
        request, "accounts/staff_api_tokens.html", {"page": page, "rows": _token_rows(page), "q": username}
    )


@login_required
def api_token_revoke_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then revoke one token (one's own, or a managed staff member's)."""
    user: Any = request.user
    token = get_api_token_for_user(user, pk, write=request.method == "POST")
    back = reverse("accounts:api_tokens" if token.user_id == user.pk else "accounts:staff_api_tokens")
    if request.method == "POST":
        if token.revoked_at is not None:
            messages.info(request, _("Token ini sudah dicabut."))
        else:
            api_token_revoke(actor=user, token=token)
            messages.success(
                request,
                _("Token %(name)s milik %(user)s dicabut; aplikasi yang memakainya harus masuk lagi.")
                % {"name": token.name or f"#{token.pk}", "user": token.user.get_username()},
            )
        return redirect(back)
    context = {"token": token, "state": TOKEN_STATES[api_token_state(token)], "back": back}
    return render(request, "accounts/api_token_revoke.html", context)


@login_required
def api_tokens_revoke_all_page(request: HttpRequest) -> HttpResponse:
    """Confirm, then revoke every token of the signed-in user (a lost phone, a leaked script)."""
    user: Any = request.user
    if request.method == "POST":
        count = api_tokens_revoke_all(user=user, actor=user, reason=ApiToken.RevokeReason.BY_OWNER)
        messages.success(request, _("%(n)s token dicabut.") % {"n": count})
        return redirect("accounts:api_tokens")
    return render(request, "accounts/api_tokens_revoke_all.html")
