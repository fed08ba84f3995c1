from django.urls import path

from naikkelas.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.enterprise_list, name="enterprise_list"),
    path("usaha/baru/", views.enterprise_create, name="enterprise_create"),
    path("usaha/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("usaha/<int:pk>/ubah/", views.enterprise_edit, name="enterprise_edit"),
    path("usaha/<int:pk>/laporan/baru/", views.metric_report_create, name="metric_create"),
    path("pemilik/", views.person_list, name="person_list"),
    path("pemilik/baru/", views.person_create, name="person_create"),
    path("pemilik/<int:pk>/", views.person_detail, name="person_detail"),
    path("pemilik/<int:pk>/ubah/", views.person_edit, name="person_edit"),
]
