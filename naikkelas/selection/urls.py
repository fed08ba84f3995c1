from django.urls import path

from naikkelas.selection import views, views_pathway, views_staff

app_name = "selection"

urlpatterns = [
    path("daftar/", views.apply_index, name="apply_index"),
    path("daftar/<int:pk>/", views.apply_form, name="apply_form"),
    path("daftar/konfirmasi/<str:token>/", views.apply_confirm, name="apply_confirm"),
    path("status/kirim-ulang/", views.status_resend, name="status_resend"),
    path("status/<str:token>/", views.application_status, name="status"),
    path("seleksi/", views.batch_list, name="batch_list"),
    path("seleksi/angkatan/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("seleksi/pendaftaran/<int:pk>/", views.application_detail, name="application_detail"),
    path(
        "seleksi/pendaftaran/<int:pk>/keputusan/", views_staff.application_decide, name="application_decide"
    ),
    path("seleksi/angkatan/<int:pk>/formulir-kertas/", views.application_enter, name="application_enter"),
    path("seleksi/angkatan/<int:pk>/penilai/", views_staff.batch_assign_reviews, name="batch_assign_reviews"),
    path("seleksi/angkatan/<int:pk>/pratinjau/", views_staff.batch_preview, name="batch_preview"),
    path("seleksi/angkatan/<int:pk>/nilai-ulang/", views_staff.batch_reevaluate, name="batch_reevaluate"),
    path("seleksi/angkatan/<int:pk>/jalankan/", views_staff.batch_run, name="batch_run"),
    path("seleksi/angkatan/<int:pk>/umumkan/", views_staff.batch_publish, name="batch_publish"),
    path("seleksi/angkatan/<int:pk>/jalur/", views_pathway.batch_pathway, name="batch_pathway"),
    path("seleksi/penilaian/", views_staff.review_list, name="review_list"),
    path("seleksi/penilaian/<int:pk>/", views_staff.review_form, name="review_form"),
]
