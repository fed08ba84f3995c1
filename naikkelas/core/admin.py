from django.contrib import admin

from naikkelas.core.models import (
    AccessLog,
    AuditEvent,
    CollectiveLeaveDay,
    EditConflict,
    IdempotencyKey,
    OneTimeCode,
)


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


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """The access log is evidence: it can be read here, never written or removed (retention does that)."""

    list_display = ["at", "username", "address", "purpose", "what", "person_count", "path"]
    list_filter = ["purpose"]
    search_fields = ["username", "path"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(admin.ModelAdmin):
    """Writes sent with a client key and the answer kept for a resend; never the kept page itself."""

    list_display = ["created_at", "subject", "method", "path", "status_code"]
    search_fields = ["key", "subject"]
    exclude = ["body"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(EditConflict)
class EditConflictAdmin(admin.ModelAdmin):
    """Late edits kept from the field; admins settle them on their page (/akun/bentrok/)."""

    list_display = ["created_at", "object_type", "object_repr", "actor", "status", "regency_code"]
    list_filter = ["status", "object_type"]
    search_fields = ["object_repr", "object_id"]
    readonly_fields = [f.name for f in EditConflict._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
