from django.contrib import admin
from django.http import HttpRequest

from naikkelas.notify.models import ChannelConsent, InboundMessage, Message, MessageTemplate, WhatsAppTemplate


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "recipient", "template", "status", "attempts"]
    list_filter = ["status", "channel", "template"]
    search_fields = ["recipient", "dedupe_key"]


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["key", "language", "updated_at"]
    list_filter = ["language"]


@admin.register(ChannelConsent)
class ChannelConsentAdmin(admin.ModelAdmin):
    """Read only: a choice is changed by recording a new one (the person's page, a form, a reply)."""

    list_display = ["recorded_at", "channel", "address", "opted_in", "source", "text_version"]
    list_filter = ["channel", "opted_in", "source"]
    search_fields = ["address"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(WhatsAppTemplate)
class WhatsAppTemplateAdmin(admin.ModelAdmin):
    list_display = ["key", "language", "name", "provider_language", "updated_at"]


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ["received_at", "sender", "taken_by", "in_reply_to"]
    search_fields = ["sender", "provider_id"]
    raw_id_fields = ["in_reply_to"]
