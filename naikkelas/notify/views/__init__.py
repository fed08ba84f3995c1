"""Pages of notify, one module per concept: the hand-send queue and opting out (outbox), message
wordings (message_templates), the WhatsApp webhook (webhooks)."""
