from django.urls import path

from naikkelas.training import views, views_assignments, views_certificates, views_templates

app_name = "training"

urlpatterns = [
    path("saya/", views.my_training, name="mine"),
    path("angkatan/<int:pk>/", views.batch_training, name="batch"),
    path("angkatan/<int:pk>/hadir/<str:day>/", views.attendance_day, name="attendance"),
    path("peserta/<int:pk>/keluar/", views.enrolment_drop, name="enrolment_drop"),
    path("sesi/<int:pk>/ubah/", views.session_edit, name="session_edit"),
    path("angkatan/<int:pk>/kelulusan/", views.batch_graduation, name="graduation"),
    path("angkatan/<int:pk>/sertifikat/", views_certificates.batch_certificates, name="certificates"),
    path(
        "angkatan/<int:pk>/sertifikat/proses/",
        views_certificates.certificates_progress,
        name="certificates_progress",
    ),
    path("sertifikat/<int:pk>/", views_certificates.certificate_pdf, name="certificate_pdf"),
    path("sertifikat/tampilan/", views_certificates.certificate_style, name="certificate_style"),
    path(
        "sertifikat/tampilan/<int:pk>/logo/",
        views_certificates.certificate_style_logo,
        name="certificate_style_logo",
    ),
    path("angkatan/<int:pk>/tugas/", views_assignments.batch_grid, name="grid"),
    path("tugas/<int:pk>/", views_assignments.assignment_submit, name="assignment_submit"),
    path("jawaban/<int:pk>/", views_assignments.submission_detail, name="submission"),
    path("berkas/<int:pk>/", views_assignments.submission_file, name="submission_file"),
    path("jenjang/<int:pk>/", views_templates.level_templates_page, name="level_templates"),
    path("jenjang/<int:pk>/mulai/", views_templates.level_templates_start, name="level_templates_start"),
    path("jenjang/<int:pk>/sesi/baru/", views_templates.session_template_new, name="session_template_new"),
    path("templat-sesi/<int:pk>/", views_templates.session_template_edit, name="session_template_edit"),
    path(
        "templat-sesi/<int:pk>/hapus/",
        views_templates.session_template_delete,
        name="session_template_delete",
    ),
    path(
        "jenjang/<int:pk>/tugas/baru/",
        views_templates.assignment_template_new,
        name="assignment_template_new",
    ),
    path(
        "templat-tugas/<int:pk>/", views_templates.assignment_template_edit, name="assignment_template_edit"
    ),
    path(
        "templat-tugas/<int:pk>/hapus/",
        views_templates.assignment_template_delete,
        name="assignment_template_delete",
    ),
]
