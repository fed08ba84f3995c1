from django.urls import path

from naikkelas.outcomes import views, views_prices

app_name = "outcomes"

urlpatterns = [
    path("", views.cohort_report, name="cohort"),
    path("ihk/", views_prices.price_index, name="prices"),
]
