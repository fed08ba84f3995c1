from django.urls import path

from naikkelas.selection.views import applications, pathway, runs

app_name = "selection"

urlpatterns = [
    path("daftar/", applications.apply_index, name="apply_index"),
    path("daftar/<int:pk>/", applications.apply_form, name="apply_form"),
    path("daftar/konfirmasi/<str:token>/", applications.apply_confirm, name="apply_confirm"),
    path("status/kirim-ulang/", applications.status_resend, name="status_resend"),
    path("status/<str:token>/", applications.application_status, name="status"),
    path("seleksi/", applications.batch_list, name="batch_list"),
    path("seleksi/angkatan/<int:pk>/", applications.batch_detail, name="batch_detail"),
    path("seleksi/pendaftaran/<int:pk>/", applications.application_detail, name="application_detail"),
    path("seleksi/pendaftaran/<int:pk>/keputusan/", runs.application_decide, name="application_decide"),
    path(
        "seleksi/angkatan/<int:pk>/formulir-kertas/", applications.application_enter, name="application_enter"
    ),
    path("seleksi/angkatan/<int:pk>/penilai/", runs.batch_assign_reviews, name="batch_assign_reviews"),
    path("seleksi/angkatan/<int:pk>/pratinjau/", runs.batch_preview, name="batch_preview"),
    path("seleksi/angkatan/<int:pk>/nilai-ulang/", runs.batch_reevaluate, name="batch_reevaluate"),
    path("seleksi/angkatan/<int:pk>/jalankan/", runs.batch_run, name="batch_run"),
    path("seleksi/angkatan/<int:pk>/umumkan/", runs.batch_publish, name="batch_publish"),
    path("seleksi/angkatan/<int:pk>/jalur/", pathway.batch_pathway, name="batch_pathway"),
    path("seleksi/penilaian/", runs.review_list, name="review_list"),
    path("seleksi/penilaian/<int:pk>/", runs.review_form, name="review_form"),
]
