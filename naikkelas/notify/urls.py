from django.urls import path

from naikkelas.notify import views

app_name = "notify"

urlpatterns = [
    path("", views.hand_queue, name="hand_queue"),
    path("<int:pk>/terkirim/", views.mark_sent, name="mark_sent"),
    path("berhenti/<str:token>/", views.opt_out, name="opt_out"),
]
