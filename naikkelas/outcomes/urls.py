from django.urls import path

from naikkelas.outcomes.views import cohort, heroes, plans, prices

app_name = "outcomes"

urlpatterns = [
    path("", cohort.cohort_report, name="cohort"),
    path("ihk/", prices.price_index, name="prices"),
    path("ihk/<int:pk>/hapus/", prices.price_delete, name="price_delete"),
    path("rencana/", plans.plan_list, name="plans"),
    path("rencana/<int:program_id>/", plans.plan_detail, name="plan"),
    path("pahlawan/", heroes.ranking, name="heroes"),
    path("kisah-saya/", heroes.my_story, name="my_story"),
]
