from django.contrib import admin

from naikkelas.outcomes.models import PriceIndex


@admin.register(PriceIndex)
class PriceIndexAdmin(admin.ModelAdmin):
    list_display = ["province", "month", "value", "source"]
    list_filter = ["province"]
