"""The outbox: any step queues messages here; delivery runs as a background task."""

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from naikkelas.notify.models import Message


def message_queue(
    *,
    recipient: str,
    channel: str,
    template: str,
    context: dict[str, Any],
    dedupe_key: str,
    language: str = "id",
) -> Message:
    """Queue one message; queuing the same dedupe_key again returns the first and sends nothing more."""
    message, created = Message.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "recipient": recipient,
            "channel": channel,
            "template": template,
            "context": context,
            "language": language,
        },
    )
    if created:
        transaction.on_commit(lambda: message_deliver_task.enqueue(message.pk))
    return message


def render(message: Message) -> tuple[str, str]:
    """Subject (first line) and body of a message in its language."""
    with translation.override(message.language):
        text = render_to_string(f"notify/{message.template}.txt", message.context).strip()
    subject, _, body = text.partition("\n")
    return subject.strip(), body.strip()


@task()
def message_deliver_task(message_id: int) -> None:
    """Send one queued message. Email goes through Django's email backend; other channels wait for
    their gateway adapters (the mentoring step) and stay queued."""
    message = Message.objects.get(pk=message_id)
    if message.status != Message.Status.QUEUED or message.channel != Message.Channel.EMAIL:
        return
    subject, body = render(message)
    message.attempts += 1
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [message.recipient])
    except Exception as error:  # a delivery failure is recorded, never lost
        message.status = Message.Status.FAILED
        message.last_error = str(error)[:2000]
        message.save(update_fields=["status", "attempts", "last_error"])
        return
    message.status = Message.Status.SENT
    message.sent_at = timezone.now()
    message.save(update_fields=["status", "attempts", "sent_at"])
