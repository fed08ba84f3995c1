from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from naikkelas.accounts.models import ApiToken, LoginFailure, Membership, Organisation, TwoFactorDevice, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class NaikKelasUserAdmin(UserAdmin):
    inlines = [MembershipInline]


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
    list_display = ["user", "created_at", "expires_at"]
    readonly_fields = ["key_hash"]


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
