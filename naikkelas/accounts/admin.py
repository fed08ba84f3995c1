from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naikkelas.accounts.forms import StaffLoginForm
from naikkelas.accounts.models import (
    ApiToken,
    LoginFailure,
    LoginThrottle,
    Membership,
    Organisation,
    TwoFactorDevice,
    User,
)
from naikkelas.accounts.services.tokens import api_token_revoke, api_tokens_revoke_all

admin.site.login_form = StaffLoginForm


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class NaikKelasUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    fieldsets = (*(UserAdmin.fieldsets or ()), (gettext_lazy("Kontak staf"), {"fields": ("phone",)}))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            actor: Any = request.user
            api_tokens_revoke_all(user=obj, actor=actor, reason=ApiToken.RevokeReason.DEACTIVATED)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        # Django's page sets the password (or turns password sign-in off); either ends the API tokens.
        before = self.get_object(request, id)
        response = super().user_change_password(request, id, form_url)
        after = self.get_object(request, id)
        if before is not None and after is not None and after.password != before.password:
            actor: Any = request.user
            api_tokens_revoke_all(user=after, actor=actor, reason=ApiToken.RevokeReason.PASSWORD_CHANGED)
        return response


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["region"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    raw_id_fields = ["user", "organisation"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are read here and revoked by the action; they are issued only through the API."""

    list_display = ["user", "name", "created_at", "last_used_at", "expires_at", "revoked_at"]
    list_filter = ["revoked_reason"]
    search_fields = ["user__username", "name"]
    actions = ["revoke"]
    exclude = ["key_hash", "password_fingerprint"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=gettext_lazy("Cabut token terpilih"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        actor: Any = request.user
        for token in queryset.filter(revoked_at__isnull=True).select_related("user"):
            api_token_revoke(actor=actor, token=token)
        messages.success(request, _("Token terpilih dicabut."))


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ["username", "address", "at"]
    search_fields = ["username"]


@admin.register(TwoFactorDevice)
class TwoFactorDeviceAdmin(admin.ModelAdmin):
    """Whether an authenticator is enrolled; the secret stays encrypted and is never shown."""

    list_display = ["user", "confirmed_at"]
    exclude = ["secret_encrypted"]
    raw_id_fields = ["user"]


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    """The lock rows sign-in attempts take before they are counted; nothing to change by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
