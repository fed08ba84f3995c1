from django.urls import path

from naikkelas.notify.views import message_templates, outbox, webhooks

app_name = "notify"

urlpatterns = [
    path("", outbox.hand_queue, name="hand_queue"),
    path("<int:pk>/terkirim/", outbox.mark_sent, name="mark_sent"),
    path("terkirim/", outbox.mark_sent_many, name="mark_sent_many"),
    path("berhenti/<str:token>/", outbox.opt_out, name="opt_out"),
    path("whatsapp/webhook/", webhooks.whatsapp_webhook, name="whatsapp_webhook"),
    path("templat/", message_templates.template_list, name="templates"),
    path("templat/<slug:key>/<str:language>/", message_templates.template_edit, name="template_edit"),
]
