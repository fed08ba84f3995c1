from django.urls import path

from naikkelas.selection import views

app_name = "selection"

urlpatterns = [
    path("daftar/", views.apply_index, name="apply_index"),
    path("daftar/<int:pk>/", views.apply_form, name="apply_form"),
    path("status/<str:token>/", views.application_status, name="status"),
    path("seleksi/", views.batch_list, name="batch_list"),
    path("seleksi/angkatan/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("seleksi/pendaftaran/<int:pk>/", views.application_detail, name="application_detail"),
]
