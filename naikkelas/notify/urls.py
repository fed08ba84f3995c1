from django.urls import path

from naikkelas.notify import views, webhooks

app_name = "notify"

urlpatterns = [
    path("", views.hand_queue, name="hand_queue"),
    path("<int:pk>/terkirim/", views.mark_sent, name="mark_sent"),
    path("terkirim/", views.mark_sent_many, name="mark_sent_many"),
    path("berhenti/<str:token>/", views.opt_out, name="opt_out"),
    path("whatsapp/webhook/", webhooks.whatsapp_webhook, name="whatsapp_webhook"),
    path("templat/", views.template_list, name="templates"),
    path("templat/<slug:key>/<str:language>/", views.template_edit, name="template_edit"),
]
