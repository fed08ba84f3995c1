"""Writes of notify, one module per concept: the outbox and its delivery (outbox), the wording admins
give each message (message_templates). Callers import the module they need."""
