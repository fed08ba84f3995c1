from django.urls import path

from naikkelas.training.views import (
    assignments,
    attendance,
    batches,
    certificates,
    enrolments,
    graduation,
    history,
    level_templates,
)

app_name = "training"

urlpatterns = [
    path("saya/", enrolments.my_training, name="mine"),
    path("riwayat/templat.xlsx", history.history_template, name="history_template"),
    path("angkatan/<int:pk>/", batches.batch_training, name="batch"),
    path("angkatan/<int:pk>/hadir/<str:day>/", attendance.attendance_day, name="attendance"),
    path("peserta/<int:pk>/keluar/", enrolments.enrolment_drop, name="enrolment_drop"),
    path("sesi/<int:pk>/ubah/", batches.session_edit, name="session_edit"),
    path("angkatan/<int:pk>/kelulusan/", graduation.batch_graduation, name="graduation"),
    path("angkatan/<int:pk>/sertifikat/", certificates.batch_certificates, name="certificates"),
    path(
        "angkatan/<int:pk>/sertifikat/proses/",
        certificates.certificates_progress,
        name="certificates_progress",
    ),
    path("sertifikat/<int:pk>/", certificates.certificate_pdf, name="certificate_pdf"),
    path("sertifikat/tampilan/", certificates.certificate_style, name="certificate_style"),
    path(
        "sertifikat/tampilan/<int:pk>/logo/",
        certificates.certificate_style_logo,
        name="certificate_style_logo",
    ),
    path("angkatan/<int:pk>/tugas/", assignments.batch_grid, name="grid"),
    path("tugas/<int:pk>/", assignments.assignment_submit, name="assignment_submit"),
    path("jawaban/<int:pk>/", assignments.submission_detail, name="submission"),
    path("berkas/<int:pk>/", assignments.submission_file, name="submission_file"),
    path("jenjang/<int:pk>/", level_templates.level_templates_page, name="level_templates"),
    path("jenjang/<int:pk>/mulai/", level_templates.level_templates_start, name="level_templates_start"),
    path("jenjang/<int:pk>/sesi/baru/", level_templates.session_template_new, name="session_template_new"),
    path("templat-sesi/<int:pk>/", level_templates.session_template_edit, name="session_template_edit"),
    path(
        "templat-sesi/<int:pk>/hapus/",
        level_templates.session_template_delete,
        name="session_template_delete",
    ),
    path(
        "jenjang/<int:pk>/tugas/baru/",
        level_templates.assignment_template_new,
        name="assignment_template_new",
    ),
    path(
        "templat-tugas/<int:pk>/", level_templates.assignment_template_edit, name="assignment_template_edit"
    ),
    path(
        "templat-tugas/<int:pk>/hapus/",
        level_templates.assignment_template_delete,
        name="assignment_template_delete",
    ),
]
