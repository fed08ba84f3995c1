from django.contrib import admin

from naikkelas.registry.models import Enterprise, MetricReport, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "nik", "regency_code"]
    search_fields = ["name", "nik"]
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
