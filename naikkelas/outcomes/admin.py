from django.contrib import admin

from naikkelas.outcomes.models import AnalysisPlan, CohortSummary, HeroStory, ImpactEstimate, PriceIndex


@admin.register(PriceIndex)
class PriceIndexAdmin(admin.ModelAdmin):
    list_display = ["province", "month", "value", "source"]
    list_filter = ["province"]


@admin.register(HeroStory)
class HeroStoryAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "publicity_consent", "updated_at"]
    raw_id_fields = ["enterprise"]


@admin.register(AnalysisPlan)
class AnalysisPlanAdmin(admin.ModelAdmin):
    """Read here; changed on the plan page, which records every change after data arrive."""

    list_display = ["program", "primary_outcome", "design", "window_from", "window_to", "fixed_at"]
    raw_id_fields = ["program"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ImpactEstimate)
class ImpactEstimateAdmin(admin.ModelAdmin):
    """The kept impact estimates, read-only: the background task writes them (outcomes/estimates.py)."""

    list_display = ["subject", "computed_at", "seconds", "progress", "queued_at"]
    readonly_fields = [
        "subject",
        "key",
        "result",
        "computed_at",
        "seconds",
        "wanted_key",
        "queued_at",
        "progress",
    ]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(CohortSummary)
class CohortSummaryAdmin(admin.ModelAdmin):
    """The per-region summary rows, read-only: the refresh task writes them (outcomes/summaries.py)."""

    list_display = ["year", "rank", "region_code", "sector", "participants", "with_followup", "computed_at"]
    list_filter = ["year", "rank"]
    search_fields = ["region_code"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
