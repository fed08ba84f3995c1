from django.contrib import admin

from naikkelas.notify.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "recipient", "template", "status", "attempts"]
    list_filter = ["status", "channel", "template"]
    search_fields = ["recipient", "dedupe_key"]
