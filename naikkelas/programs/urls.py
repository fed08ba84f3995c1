from django.urls import path

from naikkelas.programs import views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="program_list"),
    path("baru/", views.program_create, name="program_create"),
    path("<int:pk>/", views.program_detail, name="program_detail"),
    path("<int:pk>/ubah/", views.program_edit, name="program_edit"),
    path("<int:pk>/tindak-lanjut/", views.program_followups, name="program_followups"),
    path("<int:pk>/jenjang/baru/", views.level_create, name="level_create"),
    path("jenjang/<int:pk>/", views.level_detail, name="level_detail"),
    path("jenjang/<int:pk>/ubah/", views.level_edit, name="level_edit"),
    path("jenjang/<int:pk>/versi-baru/", views.level_version, name="level_version"),
    path("jenjang/<int:pk>/kriteria/baru/", views.criterion_create, name="criterion_create"),
    path("kriteria/<int:pk>/ubah/", views.criterion_edit, name="criterion_edit"),
    path("kriteria/<int:pk>/hapus/", views.criterion_delete, name="criterion_delete"),
    path("angkatan/baru/", views.batch_create, name="batch_create"),
    path("angkatan/<int:pk>/ubah/", views.batch_edit, name="batch_edit"),
    path("angkatan/<int:pk>/kuota/", views.batch_quotas, name="batch_quotas"),
]
