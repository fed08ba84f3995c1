from django.contrib import admin

from naikkelas.outcomes.models import HeroStory, PriceIndex


@admin.register(PriceIndex)
class PriceIndexAdmin(admin.ModelAdmin):
    list_display = ["province", "month", "value", "source"]
    list_filter = ["province"]


@admin.register(HeroStory)
class HeroStoryAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "publicity_consent", "updated_at"]
    raw_id_fields = ["enterprise"]
