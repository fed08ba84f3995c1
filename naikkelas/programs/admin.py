from django.contrib import admin

from naikkelas.programs.models import Batch, BatchQuota, Level, Program, RubricCriterion


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "owner"]
    inlines = [LevelInline]


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["program", "rank", "name", "tier", "min_omzet", "min_business_months"]


class QuotaInline(admin.TabularInline):
    model = BatchQuota
    extra = 0
    raw_id_fields = ["regency"]


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "organiser", "start_date", "capacity", "published_at"]
    list_filter = ["level__program"]
    inlines = [QuotaInline]


admin.site.register(BatchQuota)
admin.site.register(RubricCriterion)
