from django.contrib import admin

from naikkelas.privacy.models import AccessLog, DataRequest


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


@admin.register(DataRequest)
class DataRequestAdmin(admin.ModelAdmin):
    """Requests are carried out on their page (/data-pribadi/permintaan/); here they are only read."""

    list_display = ["person", "kind", "status", "requested_at", "due_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["person"]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
