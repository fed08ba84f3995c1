from django.urls import path

from naikkelas.programs import views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="program_list"),
    path("jenjang/<int:pk>/ubah/", views.level_edit, name="level_edit"),
    path("<int:pk>/tindak-lanjut/", views.program_followups, name="program_followups"),
    path("angkatan/baru/", views.batch_create, name="batch_create"),
    path("angkatan/<int:pk>/ubah/", views.batch_edit, name="batch_edit"),
    path("angkatan/<int:pk>/kuota/", views.batch_quotas, name="batch_quotas"),
]
