from django.urls import path

from naikkelas.mentoring.views import consultations, days_off, followups, mentors, scorecard, visits

app_name = "mentoring"

urlpatterns = [
    path("", mentors.overview, name="overview"),
    path("saya/", mentors.my_mentees, name="mine"),
    path("pendamping/baru/", mentors.mentor_create, name="mentor_create"),
    path("pendamping/<int:pk>/", mentors.mentor_detail, name="mentor"),
    path("penugasan/<int:pk>/pindah/", mentors.assignment_move, name="assignment_move"),
    path("konsultasi/", consultations.consultation_list, name="consultations"),
    path("konsultasi/baru/", consultations.consultation_open, name="consultation_open"),
    path("konsultasi/<int:pk>/", consultations.consultation_detail, name="consultation"),
    path(
        "konsultasi/<int:pk>/serahkan/",
        consultations.consultation_hand_over,
        name="consultation_hand_over",
    ),
    path("konsultasi/<int:pk>/foto/", consultations.consultation_photo, name="consultation_photo"),
    path("kunjungan/", visits.visit_list, name="visits"),
    path("kunjungan/baru/<int:enterprise_id>/", visits.visit_log, name="visit_log"),
    path("kunjungan/<int:pk>/foto/", visits.visit_photo, name="visit_photo"),
    path("hari-libur/", days_off.days_off, name="days_off"),
    path("rapor/", scorecard.scorecard_page, name="scorecard"),
    path("tindak-lanjut/", followups.followup_list, name="followups"),
    path("tindak-lanjut/ingatkan/", followups.followups_remind, name="followups_remind"),
    path("tindak-lanjut/<int:pk>/", followups.followup_enter, name="followup_enter"),
    path("tindak-lanjut/<int:pk>/bukti/", followups.followup_evidence, name="followup_evidence"),
]
