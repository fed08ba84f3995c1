from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from naikkelas.accounts.forms import StaffLoginForm
from naikkelas.accounts.models import ApiToken, Membership, Organisation, User

admin.site.login_form = StaffLoginForm


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
