from django.urls import path

from naikkelas.training import views

app_name = "training"

urlpatterns = [
    path("saya/", views.my_training, name="mine"),
    path("angkatan/<int:pk>/", views.batch_training, name="batch"),
    path("angkatan/<int:pk>/hadir/<str:day>/", views.attendance_day, name="attendance"),
    path("peserta/<int:pk>/keluar/", views.enrolment_drop, name="enrolment_drop"),
]
