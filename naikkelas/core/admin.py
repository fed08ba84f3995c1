from django.contrib import admin

from naikkelas.core.models import AuditEvent, CollectiveLeaveDay, OneTimeCode


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "object_repr"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(CollectiveLeaveDay)
class CollectiveLeaveDayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"


@admin.register(OneTimeCode)
class OneTimeCodeAdmin(admin.ModelAdmin):
    """Codes sent to prove a contact: when, what for, how many tries; never the code."""

    list_display = ["purpose", "subject", "created_at", "expires_at", "attempts", "used_at"]
    list_filter = ["purpose"]
    exclude = ["code_hash"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
