from django.urls import path

from naikkelas.mentoring import views

app_name = "mentoring"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("saya/", views.my_mentees, name="mine"),
]
