from django.contrib import admin

from naikkelas.privacy.models import DataRequest


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
