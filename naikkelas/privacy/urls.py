from django.urls import path

from naikkelas.privacy import views

app_name = "privacy"

urlpatterns = [
    path("saya/", views.mine, name="mine"),
    path("saya/salinan/", views.copy, name="copy"),
    path("saya/unduh.<str:fmt>", views.download, name="download"),
    path("saya/tarik-persetujuan/", views.withdraw, name="withdraw"),
    path("saya/hapus/", views.delete_request, name="delete_request"),
    path("saya/pesan/", views.channels, name="channels"),
    path("permintaan/", views.request_list, name="requests"),
    path("permintaan/<int:pk>/", views.request_detail, name="request_detail"),
    path("log/", views.access_log_list, name="access_log"),
]
