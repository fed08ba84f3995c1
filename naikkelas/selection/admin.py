from django.contrib import admin

from naikkelas.selection.models import Application, PendingApplication, Review


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "batch", "status", "score", "rank", "submitted_at"]
    list_filter = ["status", "batch__level__program"]
    search_fields = ["enterprise__name", "batch__title"]
    raw_id_fields = ["batch", "enterprise", "person", "baseline", "nominated_by"]
    readonly_fields = ["consent_purpose", "consent_version", "consented_at", "status_nonce", "submitted_at"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["application", "reviewer", "total", "submitted_at"]
    raw_id_fields = ["application", "reviewer"]


@admin.register(PendingApplication)
class PendingApplicationAdmin(admin.ModelAdmin):
    """Waiting form submissions: their answers stay encrypted and are never shown here."""

    list_display = ["batch", "created_at", "expires_at", "confirmed_at", "application"]
    exclude = ["payload", "nonce", "nik_digest"]
    readonly_fields = ["batch", "created_at", "expires_at", "confirmed_at", "refusal", "application"]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False
