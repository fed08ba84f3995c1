from django.urls import path

from naikkelas.programs.views import batches, levels, programs

app_name = "programs"

urlpatterns = [
    path("", programs.program_list, name="program_list"),
    path("baru/", programs.program_create, name="program_create"),
    path("<int:pk>/", programs.program_detail, name="program_detail"),
    path("<int:pk>/ubah/", programs.program_edit, name="program_edit"),
    path("<int:pk>/tindak-lanjut/", programs.program_followups, name="program_followups"),
    path("<int:pk>/jenjang/baru/", levels.level_create, name="level_create"),
    path("jenjang/<int:pk>/", levels.level_detail, name="level_detail"),
    path("jenjang/<int:pk>/ubah/", levels.level_edit, name="level_edit"),
    path("jenjang/<int:pk>/versi-baru/", levels.level_version, name="level_version"),
    path("jenjang/<int:pk>/kriteria/baru/", levels.criterion_create, name="criterion_create"),
    path("kriteria/<int:pk>/ubah/", levels.criterion_edit, name="criterion_edit"),
    path("kriteria/<int:pk>/hapus/", levels.criterion_delete, name="criterion_delete"),
    path("angkatan/baru/", batches.batch_create, name="batch_create"),
    path("angkatan/<int:pk>/ubah/", batches.batch_edit, name="batch_edit"),
    path("angkatan/<int:pk>/kuota/", batches.batch_quotas, name="batch_quotas"),
]
