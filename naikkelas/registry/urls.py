from django.urls import path

from naikkelas.registry.views import channels, enterprises, imports, metric_reports, persons

app_name = "registry"

urlpatterns = [
    path("", enterprises.enterprise_list, name="enterprise_list"),
    path("usaha/baru/", enterprises.enterprise_create, name="enterprise_create"),
    path("usaha/<int:pk>/", enterprises.enterprise_detail, name="enterprise_detail"),
    path("usaha/<int:pk>/ubah/", enterprises.enterprise_edit, name="enterprise_edit"),
    path("usaha/<int:pk>/hapus/", enterprises.enterprise_delete, name="enterprise_delete"),
    path("usaha/<int:pk>/laporan/baru/", metric_reports.metric_report_create, name="metric_create"),
    path("laporan/<int:pk>/ubah/", metric_reports.metric_report_edit, name="metric_edit"),
    path("ekspor/", enterprises.enterprise_export, name="enterprise_export"),
    path("impor/", imports.import_start, name="import_start"),
    path("impor/templat.xlsx", imports.import_template, name="import_template"),
    path("impor/templat-angka.xlsx", imports.figure_template, name="figure_template"),
    path("impor/<int:pk>/", imports.import_detail, name="import_detail"),
    path("impor/<int:pk>/simpan/", imports.import_commit, name="import_commit"),
    path("pemilik/", persons.person_list, name="person_list"),
    path("pemilik/baru/", persons.person_create, name="person_create"),
    path("pemilik/<int:pk>/", persons.person_detail, name="person_detail"),
    path("pemilik/<int:pk>/ubah/", persons.person_edit, name="person_edit"),
    path("pemilik/<int:pk>/hapus/", persons.person_delete, name="person_delete"),
    path("pemilik/<int:pk>/saluran/", channels.person_channels, name="person_channels"),
]
