from django.contrib import admin

from naikkelas.registry.models import Enterprise, ImportJob, MetricReport, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "nik_masked", "regency_code"]
    search_fields = ["name"]
    raw_id_fields = ["address_district", "user"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "sector", "size_class", "regency_code"]
    list_filter = ["sector", "size_class"]
    search_fields = ["name", "nib"]
    raw_id_fields = ["owner", "district", "possible_duplicate_of"]


@admin.register(MetricReport)
class MetricReportAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "period", "omzet", "aset", "workers", "source"]
    list_filter = ["source"]
    raw_id_fields = ["enterprise", "reported_by"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "created_by", "created_at", "status", "total_rows", "written_rows"]
    list_filter = ["status"]
    raw_id_fields = ["created_by"]
    readonly_fields = ["problems"]
