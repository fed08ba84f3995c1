from django.urls import path

from naikkelas.mentoring import (
    views,
    views_consultations,
    views_followups,
    views_help,
    views_leave,
    views_mentors,
    views_scorecard,
)

app_name = "mentoring"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("saya/", views.my_mentees, name="mine"),
    path("pendamping/baru/", views_mentors.mentor_create, name="mentor_create"),
    path("pendamping/<int:pk>/", views_mentors.mentor_detail, name="mentor"),
    path("penugasan/<int:pk>/pindah/", views_mentors.assignment_move, name="assignment_move"),
    path("konsultasi/", views_help.consultation_list, name="consultations"),
    path("konsultasi/baru/", views_help.consultation_open, name="consultation_open"),
    path("konsultasi/<int:pk>/", views_help.consultation_detail, name="consultation"),
    path(
        "konsultasi/<int:pk>/serahkan/",
        views_consultations.consultation_hand_over,
        name="consultation_hand_over",
    ),
    path("konsultasi/<int:pk>/foto/", views_help.consultation_photo, name="consultation_photo"),
    path("kunjungan/", views_help.visit_list, name="visits"),
    path("kunjungan/baru/<int:enterprise_id>/", views_help.visit_log, name="visit_log"),
    path("kunjungan/<int:pk>/foto/", views_help.visit_photo, name="visit_photo"),
    path("hari-libur/", views_leave.days_off, name="days_off"),
    path("rapor/", views_scorecard.scorecard_page, name="scorecard"),
    path("tindak-lanjut/", views_help.followup_list, name="followups"),
    path("tindak-lanjut/ingatkan/", views_followups.followups_remind, name="followups_remind"),
    path("tindak-lanjut/<int:pk>/", views_help.followup_enter, name="followup_enter"),
    path("tindak-lanjut/<int:pk>/bukti/", views_help.followup_evidence, name="followup_evidence"),
]
