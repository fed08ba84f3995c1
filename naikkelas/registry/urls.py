from django.urls import path

from naikkelas.registry import views, views_io

app_name = "registry"

urlpatterns = [
    path("", views.enterprise_list, name="enterprise_list"),
    path("usaha/baru/", views.enterprise_create, name="enterprise_create"),
    path("usaha/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("usaha/<int:pk>/ubah/", views.enterprise_edit, name="enterprise_edit"),
    path("usaha/<int:pk>/hapus/", views.enterprise_delete, name="enterprise_delete"),
    path("usaha/<int:pk>/laporan/baru/", views.metric_report_create, name="metric_create"),
    path("laporan/<int:pk>/ubah/", views.metric_report_edit, name="metric_edit"),
    path("ekspor/", views_io.enterprise_export, name="enterprise_export"),
    path("impor/", views_io.import_start, name="import_start"),
    path("impor/templat.xlsx", views_io.import_template, name="import_template"),
    path("impor/<int:pk>/", views_io.import_detail, name="import_detail"),
    path("impor/<int:pk>/simpan/", views_io.import_commit, name="import_commit"),
    path("pemilik/", views.person_list, name="person_list"),
    path("pemilik/baru/", views.person_create, name="person_create"),
    path("pemilik/<int:pk>/", views.person_detail, name="person_detail"),
    path("pemilik/<int:pk>/ubah/", views.person_edit, name="person_edit"),
    path("pemilik/<int:pk>/hapus/", views.person_delete, name="person_delete"),
]
