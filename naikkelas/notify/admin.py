from django.contrib import admin

from naikkelas.notify.models import Message, MessageTemplate, OptOut


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "recipient", "template", "status", "attempts"]
    list_filter = ["status", "channel", "template"]
    search_fields = ["recipient", "dedupe_key"]


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["key", "language", "updated_at"]
    list_filter = ["language"]


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["recipient", "channel", "created_at"]
    search_fields = ["recipient"]
