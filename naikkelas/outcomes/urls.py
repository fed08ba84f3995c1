from django.urls import path

from naikkelas.outcomes import views, views_heroes, views_plans, views_prices

app_name = "outcomes"

urlpatterns = [
    path("", views.cohort_report, name="cohort"),
    path("ihk/", views_prices.price_index, name="prices"),
    path("rencana/", views_plans.plan_list, name="plans"),
    path("rencana/<int:program_id>/", views_plans.plan_detail, name="plan"),
    path("pahlawan/", views_heroes.ranking, name="heroes"),
    path("kisah-saya/", views_heroes.my_story, name="my_story"),
]
