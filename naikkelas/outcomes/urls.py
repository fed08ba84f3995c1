from django.urls import path

from naikkelas.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("", views.cohort_report, name="cohort"),
]
