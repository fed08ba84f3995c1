"""The outbox: any step queues messages here; delivery runs as a background task.

Delivery is idempotent: the message row is locked while it is sent and only a queued message is sent,
so a task that runs twice (a worker retried after a crash, or the sweep racing the task) sends once;
gateways also receive the dedupe key so a provider can drop a repeat. A failed send waits 1, 2, 4, ...
× NOTIFY_RETRY_BASE_SECONDS and is tried again, until NOTIFY_MAX_ATTEMPTS, then it is marked failed
with its last error."""

import functools
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from naikkelas.core.audit import audit_record_many
from naikkelas.core.providers import Providers
from naikkelas.notify import safe_templates
from naikkelas.notify.gateways import Gateway, HandDelivery, TemplateCall, gateway_for
from naikkelas.notify.models import ChannelConsent, InboundMessage, Message, MessageTemplate, WhatsAppTemplate
from naikkelas.notify.services import consent
from naikkelas.notify.services.consent import Reachable
from naikkelas.notify.services.message_templates import PLACEHOLDERS

OPT_OUT_SALT = "naikkelas.notify.opt-out"
# Reminders whose WhatsApp message failed for good go again by SMS (NOTIFY_SMS_FALLBACK).
SMS_FALLBACK_TEMPLATES = frozenset({"followup_reminder"})
logger = logging.getLogger(__name__)


def message_queue(
    *,
    recipient: str,
    channel: str,
    template: str,
    context: dict[str, Any],
    dedupe_key: str,
    language: str = "id",
    regency_code: str = "",
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
            "regency_code": regency_code,
            "province_code": regency_code[:2],
        },
    )
    if created:
        transaction.on_commit(lambda: message_deliver_task.enqueue(message.pk))
    return message


@dataclass(frozen=True)
class Contact:
    """A contact not (yet) on record, such as the one typed in a form for an NIK new to the registry."""

    phone: str = ""
    email: str = ""


def channel_for(person: Reachable, *, template: str) -> tuple[str, str]:
    """The channel that reaches a person soonest with this message, and her address on it; ("", "") when
    none may. A channel may carry it when the message type goes on it, she has an address there and her
    choice allows it (services/consent.py). Of those: WhatsApp when a gateway sends it (participants live on
    WhatsApp), else email (it arrives at once), else SMS when a gateway sends it, else WhatsApp and SMS
    from the hand-send queue."""
    kind = consent.kind_of(template)
    addresses = {
        channel: consent.address_of(person, channel)
        for channel in kind.channels
        if channel in consent.CHANNELS
    }
    choices = consent.choices_for((address, channel) for channel, address in addresses.items() if address)
    usable = [
        channel
        for channel, address in addresses.items()
        if address and consent.may_send(template, _choice(choices.get((address, channel))))
    ]
    by_hand = {channel: getattr(gateway_for(channel), "by_hand", False) for channel in usable}
    preference = [
        *[c for c in ("whatsapp", "email", "sms") if c in usable and not by_hand[c]],
        *[c for c in ("whatsapp", "sms") if c in usable and by_hand[c]],
    ]
    if not preference:
        return "", ""
    return preference[0], addresses[preference[0]]


def _choice(row: ChannelConsent | None) -> bool | None:
    return None if row is None else row.opted_in


def notify_person(
    *,
    person: Reachable,
    template: str,
    context: dict[str, Any],
    dedupe_key: str,
    regency_code: str = "",
    language: str = "id",
) -> Message | None:
    """Queue one message to a person on the channel that reaches her soonest and that she allows
    (`channel_for`); None when none does. Every step that writes to a person calls this, so they all
    choose alike."""
    channel, recipient = channel_for(person, template=template)
    if not recipient:
        return None
    return message_queue(
        recipient=recipient, channel=channel, template=template, context=context,
        dedupe_key=dedupe_key, language=language, regency_code=regency_code,
    )  # fmt: skip


def opt_out_token(recipient: str, channel: str) -> str:
    return signing.dumps([recipient, channel], salt=OPT_OUT_SALT)


def opt_out_url(recipient: str, channel: str) -> str:
    return settings.SITE_URL + reverse("notify:opt_out", args=[opt_out_token(recipient, channel)])


def opt_out_create(*, recipient: str, channel: str) -> ChannelConsent | None:
    """The person followed the stop link of a message: no more messages on this channel but the codes she
    asks for; queued ones are skipped. None when she had already stopped them."""
    return consent.consent_record(
        address=recipient, channel=channel, opted_in=False, source=ChannelConsent.Source.LINK
    )


def custom_templates() -> dict[tuple[str, str], str]:
    """The admins' wordings by (key, language), read once for a list of messages."""
    return {(t.key, t.language): t.body for t in MessageTemplate.objects.all()}


def render(message: Message, custom_bodies: dict[tuple[str, str], str] | None = None) -> tuple[str, str]:
    """Subject (first line) and body of a message in its language: the admins' wording when there is
    one, otherwise the file template."""
    context = _reader_context(message)
    if custom_bodies is None:
        found = MessageTemplate.objects.filter(key=message.template, language=message.language).first()
        body = found.body if found else None
    else:
        body = custom_bodies.get((message.template, message.language))
    with translation.override(message.language):
        text = _render_custom(message, body, context) if body is not None else None
        if text is None:
            text = render_to_string(f"notify/{message.template}.txt", context)
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), body.strip()


def _reader_context(message: Message) -> dict[str, Any]:
    """What the message names, as its reader reads it (dates in words, in the message's language), and
    the link to stop receiving messages."""
    from naikkelas.notify.services.message_templates import in_words

    context = {**message.context, "opt_out_url": opt_out_url(message.recipient, message.channel)}
    return in_words(context, message.language)


def _render_custom(message: Message, body: str, context: dict[str, Any]) -> str | None:
    """The admins' wording, or None when it no longer passes the check (saved before a rule was added,
    or changed in the database): the message then goes out in the file template's words."""

    try:
        return safe_templates.render_body(safe_templates.compile_body(body, set(PLACEHOLDERS)), context)
    except Exception as error:  # a stored wording must never stop a message
        detail = "; ".join(error.messages) if isinstance(error, ValidationError) else repr(error)
        logger.warning(
            "Message template %s/%s cannot be used (%s); message %s uses the file template.",
            message.template, message.language, detail, message.pk,
        )  # fmt: skip
        return None


def click_to_chat_url(message: Message, custom_bodies: dict[tuple[str, str], str] | None = None) -> str:
    """A wa.me link with the message typed in, for staff who send WhatsApp messages by hand."""
    _subject, body = render(message, custom_bodies)
    return f"https://wa.me/{message.recipient.lstrip('+')}?text={quote(body)}"


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** (attempts - 1))


def message_deliver(*, message_id: int, now: datetime | None = None) -> Message:
    """Try to send one queued message whose time has come; anything else is left as it is."""
    now = now or timezone.now()
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.status != Message.Status.QUEUED:
            return message
        if message.next_attempt_at is not None and message.next_attempt_at > now:
            return message
        refused = not consent.may_send(
            message.template, consent.choice_of(message.recipient, message.channel)
        )
        gateway = gateway_for(message.channel)
        send = _prepared(message, gateway, refused=refused, custom_bodies=None, whatsapp=None)
        if send is not None:
            _settle(message, _attempt(send), now)
        message.save(update_fields=OUTCOME_FIELDS)
    return message


# What a delivery attempt changes on a message.
OUTCOME_FIELDS = ["status", "attempts", "last_error", "next_attempt_at", "sent_at", "provider_ref"]
Send = Callable[[], str]


def _prepared(
    message: Message,
    gateway: Gateway,
    *,
    refused: bool,
    custom_bodies: dict[tuple[str, str], str] | None,
    whatsapp: dict[tuple[str, str], WhatsAppTemplate] | None,
) -> Send | None:
    """The gateway call for a claimed message, rendered now (in the caller's thread, which may read the
    database); None when it is not to be sent (the person's choice on this channel no longer allows it,
    checked again now: marked skipped)."""
    if refused:
        message.status = Message.Status.SKIPPED
        message.last_error = "penerima tidak bersedia menerima pesan di saluran ini"
        return None
    subject, body = render(message, custom_bodies)
    template = whatsapp_call(message, whatsapp) if getattr(gateway, "templated", False) else None
    return functools.partial(
        gateway.send,
        recipient=message.recipient,
        subject=subject,
        body=body,
        key=message.dedupe_key,
        template=template,
    )


def _attempt(send: Send) -> str | BaseException:
    """The gateway's reference, or what it raised (any failure is recorded and retried, never lost)."""
    try:
        return send()
    except Exception as error:
        return error


def _settle(message: Message, outcome: str | BaseException, now: datetime) -> None:
    """Record one attempt's outcome on the message (saved by the caller)."""
    if isinstance(outcome, HandDelivery):
        message.status = Message.Status.MANUAL
        return
    message.attempts += 1
    if isinstance(outcome, BaseException):
        message.last_error = f"{type(outcome).__name__}: {outcome}"[:2000]
        if message.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
            message.status = Message.Status.FAILED
            message.next_attempt_at = None
            _fall_back_to_sms(message)
        else:
            message.next_attempt_at = now + _retry_delay(message.attempts)
            _schedule_retry(message)
        return
    message.status = Message.Status.SENT
    message.sent_at = now
    message.provider_ref = outcome[:100]
    message.next_attempt_at = None


def _fall_back_to_sms(message: Message) -> Message | None:
    """A reminder that WhatsApp could not deliver goes again by SMS, once, when an SMS gateway sends by
    itself (not from the hand-send queue, where the WhatsApp one already waits for staff)."""
    if not (
        settings.NOTIFY_SMS_FALLBACK
        and message.channel == Message.Channel.WHATSAPP
        and message.template in SMS_FALLBACK_TEMPLATES
        and not getattr(gateway_for("sms"), "by_hand", False)
        and consent.may_send(message.template, consent.choice_of(message.recipient, Message.Channel.SMS))
    ):
        return None
    return message_queue(
        recipient=message.recipient, channel=Message.Channel.SMS, template=message.template,
        context=message.context, dedupe_key=f"{message.dedupe_key}:sms"[:200], language=message.language,
        regency_code=message.regency_code,
    )  # fmt: skip


def _schedule_retry(message: Message) -> None:
    """Queue the retry for its time when the task backend can defer; the sweep catches it otherwise."""
    if message_deliver_task.get_backend().supports_defer:
        run_after = message.next_attempt_at
        transaction.on_commit(lambda: message_deliver_task.using(run_after=run_after).enqueue(message.pk))


def _due(now: datetime) -> QuerySet[Message]:
    return (
        Message.objects.filter(status=Message.Status.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("created_at", "id")
    )


def messages_deliver_batch(*, now: datetime | None = None, limit: int | None = None) -> list[Message]:
    """Claim up to `limit` (NOTIFY_BATCH_SIZE) due messages in one round trip and send them at once, at
    most NOTIFY_CONCURRENCY at a time per gateway; returns them as they ended (sent, retried, ...).

    The claim locks the rows (SELECT … FOR UPDATE SKIP LOCKED): a second worker claiming at the same
    moment takes other messages, never these, and once this transaction ends they are no longer queued,
    so no message is sent twice. The opt-outs, the admins' wordings and WhatsApp templates are read once
    for the batch; the outcomes are written in one statement. Only the gateway calls run in the pool's
    threads (they never touch the database). On SQLite the claim holds its one write lock while the batch
    is sent; keep batches small there."""
    now = now or timezone.now()
    size = limit or settings.NOTIFY_BATCH_SIZE
    with transaction.atomic():
        claimed = list(_due(now).select_for_update(skip_locked=True)[:size])
        if not claimed:
            return []
        choices = consent.choices_for((message.recipient, message.channel) for message in claimed)
        custom_bodies = custom_templates()
        whatsapp = {(t.key, t.language): t for t in WhatsAppTemplate.objects.all()}
        by_channel: dict[str, list[tuple[Message, Send]]] = {}
        gateways: dict[str, Gateway] = {}
        for message in claimed:
            gateway = gateways.get(message.channel) or gateways.setdefault(
                message.channel, gateway_for(message.channel)
            )
            choice = choices.get((consent.address_key(message.channel, message.recipient), message.channel))
            send = _prepared(
                message, gateway, refused=not consent.may_send(message.template, _choice(choice)),
                custom_bodies=custom_bodies, whatsapp=whatsapp,
            )  # fmt: skip
            if send is not None:
                by_channel.setdefault(message.channel, []).append((message, send))
        for items in by_channel.values():
            workers = min(settings.NOTIFY_CONCURRENCY, len(items))
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="notify") as pool:
                outcomes = list(pool.map(_attempt, [send for _message, send in items]))
            for (message, _send), outcome in zip(items, outcomes, strict=True):
                _settle(message, outcome, now)
        _write_outcomes(claimed)
    return claimed


def _write_outcomes(messages: list[Message]) -> None:
    """Every message's outcome in one UPDATE … FROM (VALUES …): bulk_update's CASE per field took 60 % of
    a batch's time."""
    table = Message._meta.db_table
    stamp = "CAST(%s AS timestamp with time zone)" if connection.vendor == "postgresql" else "%s"
    row = f"(%s, %s, %s, %s, {stamp}, {stamp}, %s)"
    adapt = connection.ops.adapt_datetimefield_value
    params: list[Any] = []
    for m in messages:
        params += [
            m.pk,
            m.status,
            m.attempts,
            m.last_error,
            adapt(m.next_attempt_at),
            adapt(m.sent_at),
            m.provider_ref,
        ]
    sql = (
        f"WITH v(id, status, attempts, last_error, next_attempt_at, sent_at, provider_ref) AS "  # noqa: S608 - only placeholders
        f"(VALUES {', '.join([row] * len(messages))}) "
        f"UPDATE {table} SET status = v.status, attempts = v.attempts, last_error = v.last_error, "
        f"next_attempt_at = v.next_attempt_at, sent_at = v.sent_at, provider_ref = v.provider_ref "
        f"FROM v WHERE {table}.id = v.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def messages_deliver_due(*, now: datetime | None = None, limit: int = 1000) -> int:
    """The sweep: send queued messages whose time has come (retries, and any whose task was lost), a
    batch at a time; returns how many were sent."""
    now = now or timezone.now()
    claimed = sent = 0
    while claimed < limit:
        batch = messages_deliver_batch(now=now, limit=min(settings.NOTIFY_BATCH_SIZE, limit - claimed))
        if not batch:
            break
        claimed += len(batch)
        sent += sum(1 for message in batch if message.status == Message.Status.SENT)
    return sent


def message_mark_sent(*, message: Message) -> Message:
    """Staff sent a hand-delivery message themselves (click-to-chat)."""
    message.status = Message.Status.SENT
    message.sent_at = timezone.now()
    message.save(update_fields=["status", "sent_at"])
    return message


def messages_mark_sent(*, actor: Any, messages: QuerySet[Message]) -> int:
    """Staff sent these hand-delivery messages themselves: only those still waiting change, in one
    transaction, each with its audit row. Returns how many were marked."""
    with transaction.atomic():
        waiting = list(
            messages.select_for_update(of=("self",)).filter(status=Message.Status.MANUAL).order_by("id")
        )
        if not waiting:
            raise ValidationError(_("Pilih pesan yang menunggu dikirim petugas."))
        now = timezone.now()
        Message.objects.filter(pk__in=[m.pk for m in waiting]).update(status=Message.Status.SENT, sent_at=now)
        audit_record_many(
            actor=actor,
            action="update",
            changes_by_instance=[
                (m, {"status": [Message.Status.MANUAL.value, Message.Status.SENT.value]}) for m in waiting
            ],
        )
    return len(waiting)


@task()
def message_deliver_task(message_id: int) -> None:
    """Deliver this message in a batch with the other due ones (oldest first): one worker then sends at the
    gateways' pace, and the tasks of messages already sent find nothing to do."""
    for _round in range(MAX_BATCHES_PER_TASK):
        if not _due(timezone.now()).filter(pk=message_id).exists():
            return
        if not messages_deliver_batch():
            return


MAX_BATCHES_PER_TASK = 50


def messages_skip_queued(*, recipients: Iterable[str], template_prefix: str, reason: str) -> int:
    """Queued messages of one kind to these addresses are not sent (a person withdrew consent)."""
    return Message.objects.filter(
        recipient__in=list(recipients), template__startswith=template_prefix, status=Message.Status.QUEUED
    ).update(status=Message.Status.SKIPPED, last_error=reason)


def whatsapp_call(
    message: Message, templates: dict[tuple[str, str], WhatsAppTemplate] | None = None
) -> TemplateCall | None:
    """The approved WhatsApp template of this message type and language, its parameters filled from the
    message's values in the order the admins set; None when there is none (the message goes as text).
    `templates`, when given, are all of them by (key, language), read once for a batch."""
    if templates is None:
        found = WhatsAppTemplate.objects.filter(key=message.template, language=message.language).first()
    else:
        found = templates.get((message.template, message.language))
    if found is None:
        return None
    context = _reader_context(message)
    return TemplateCall(
        name=found.name,
        language=found.provider_language,
        parameters=tuple(str(context.get(name, "")) for name in found.parameters),
    )


# A delivery status only moves forward; "failed" ends a message not yet delivered.
STATUS_RANK = {
    Message.Status.QUEUED: 0, Message.Status.MANUAL: 0, Message.Status.SENT: 1,
    Message.Status.DELIVERED: 2, Message.Status.READ: 3,
}  # fmt: skip
PROVIDER_STATUSES = {
    "sent": Message.Status.SENT, "delivered": Message.Status.DELIVERED,
    "read": Message.Status.READ, "failed": Message.Status.FAILED,
}  # fmt: skip


def message_status_report(
    *, provider_ref: str, status: str, error: str = "", at: datetime | None = None
) -> bool:
    """A provider says what became of a message it was given. Reports arrive at least once and in any
    order: the status moves only forward (queued → sent → delivered → read), "failed" only before
    delivery, with the provider's error kept; a repeat or a late, older report changes nothing. True when
    the message changed."""
    new = PROVIDER_STATUSES.get(status)
    if new is None or not provider_ref:
        return False
    with transaction.atomic():
        message = (
            Message.objects.select_for_update().filter(provider_ref=provider_ref, channel="whatsapp").first()
        )
        if message is None:
            return False
        current = STATUS_RANK.get(Message.Status(message.status))
        if current is None:  # failed or skipped: final
            return False
        if new == Message.Status.FAILED:
            if current >= STATUS_RANK[Message.Status.DELIVERED]:
                return False
            message.status = new
            message.last_error = error[:2000]
            message.save(update_fields=["status", "last_error"])
            _fall_back_to_sms(message)
            return True
        if STATUS_RANK[new] <= current:
            return False
        message.status = new
        message.sent_at = message.sent_at or at or timezone.now()
        message.save(update_fields=["status", "sent_at"])
    return True


class ReplyTaker(Protocol):
    """An app above notify that may take a person's reply: given the reply and the message it answers
    (None when it answers none), it files it (e.g. in a consultation thread) and returns True."""

    def __call__(self, reply: InboundMessage, answered: Message | None) -> bool: ...


reply_takers: Providers[ReplyTaker] = Providers("replies a person sends on WhatsApp")


def inbound_receive(
    *, provider_id: str, sender: str, body: str, in_reply_to: str = "", at: datetime | None = None
) -> InboundMessage | None:
    """A person's message arrives; kept once per provider id (a repeated webhook returns None), then
    offered to the apps that take replies, in order, until one takes it."""
    if not provider_id:
        return None
    answered = (
        Message.objects.filter(provider_ref=in_reply_to, channel="whatsapp").first() if in_reply_to else None
    )
    with transaction.atomic():
        reply, created = InboundMessage.objects.get_or_create(
            provider_id=provider_id[:200],
            defaults={
                "sender": sender[:32], "body": body[:10000], "in_reply_to": answered,
                "received_at": at or timezone.now(),
            },
        )  # fmt: skip
        if not created:
            return None
        if consent.is_stop_word(reply.body):
            _stop_by_reply(reply)
            return reply
        for app, take in reply_takers.items():
            if take(reply, answered):
                reply.taken_by = app
                reply.save(update_fields=["taken_by"])
                break
    return reply


def _stop_by_reply(reply: InboundMessage) -> None:
    """A reply BERHENTI (or STOP): no more WhatsApp messages to this number but the codes she asks for,
    and one answer saying so and how to start again."""
    reply.taken_by = "notify"
    reply.save(update_fields=["taken_by"])
    stopped = consent.consent_record(
        address=reply.sender, channel=Message.Channel.WHATSAPP, opted_in=False,
        source=ChannelConsent.Source.REPLY,
    )  # fmt: skip
    if stopped is None:
        return
    message_queue(
        recipient=stopped.address, channel=Message.Channel.WHATSAPP, template="channel_stopped",
        context={"url": settings.SITE_URL + reverse("privacy:mine")}, dedupe_key=f"channel-stopped:{stopped.pk}",
    )  # fmt: skip
