from django.contrib import admin

from naikkelas.notify.models import InboundMessage, Message, MessageTemplate, OptOut, WhatsAppTemplate


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


@admin.register(WhatsAppTemplate)
class WhatsAppTemplateAdmin(admin.ModelAdmin):
    list_display = ["key", "language", "name", "provider_language", "updated_at"]


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ["received_at", "sender", "taken_by", "in_reply_to"]
    search_fields = ["sender", "provider_id"]
    raw_id_fields = ["in_reply_to"]
