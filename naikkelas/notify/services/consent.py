"""Consent per channel: whether a person agreed to our messages on WhatsApp, SMS or email.

UU 27/2022 (PDP) and WhatsApp's Business Messaging Policy ask that messages a person did not ask for
(reminders, results, follow-up requests) go only to those who opted in on that channel, and that the
opt-in be kept with its time and the text shown. Each choice is one `ChannelConsent` row (an address on a
channel, yes or no, its source, the text version); the newest row per address and channel is the state.
notify knows addresses only, so a person's choice is that of her phone number (WhatsApp, SMS) or her
email; a new number starts unasked.

What a message needs depends on why it is sent (`PURPOSES`):
- asked: a code or link the person asked for this minute; sent whatever she chose;
- answer: the answer to something she started (her application, her consultation); sent unless she said
  no on that channel;
- business: reminders, results, follow-up requests; sent only where she said yes."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from naikkelas.core.audit import audit_record
from naikkelas.notify.models import ChannelConsent, Message

# The consent text a form shows beside the channel boxes, kept verbatim per version (in Indonesian, the
# text agreed to; pages show its translation). A changed text gets a new version and a new entry here;
# old entries stay, so every recorded choice can be read with the words it answered.
CONSENT_VERSION = "2026-12"
CONSENT_TEXTS = {
    "2026-12": gettext_noop(
        "Saya bersedia menerima pesan dari penyelenggara Naik Kelas (pengingat, hasil seleksi, permintaan "
        "angka usaha untuk tindak lanjut) lewat saluran yang saya centang. Saya dapat berhenti kapan saja: "
        "balas BERHENTI di WhatsApp, atau ubah pilihan di halaman Data pribadi saya."
    ),
}
# Choices staff write down for a person (a signed paper form, what she said on the telephone): the one
# recording is named beside the choice.
STAFF_SOURCES = frozenset({ChannelConsent.Source.PAPER, ChannelConsent.Source.PHONE})
# A WhatsApp reply that is exactly one of these (any case, trailing dot or '!') stops messages there.
STOP_WORDS = frozenset({"berhenti", "stop", "unsubscribe", "henti", "berhenti langganan"})
CHANNELS = (Message.Channel.WHATSAPP, Message.Channel.SMS, Message.Channel.EMAIL)
CHANNEL_WORDS = {
    Message.Channel.WHATSAPP: _("WhatsApp"),
    Message.Channel.SMS: _("SMS"),
    Message.Channel.EMAIL: _("Email"),
}


class Purpose(StrEnum):
    ASKED = "asked"
    ANSWER = "answer"
    BUSINESS = "business"


@dataclass(frozen=True)
class Kind:
    """Why a message type is sent and the channels it may go on."""

    purpose: Purpose
    channels: tuple[str, ...] = ("whatsapp", "email", "sms")


STAFF_EMAIL = ("email",)
PURPOSES: dict[str, Kind] = {
    "application_code": Kind(Purpose.ASKED),
    "password_code": Kind(Purpose.ASKED),
    "sign_in_code": Kind(Purpose.ASKED),
    "status_link": Kind(Purpose.ASKED),
    "staff_invitation": Kind(Purpose.ASKED, ("whatsapp", "email")),
    "channel_stopped": Kind(Purpose.ASKED, ("whatsapp",)),
    "application_received": Kind(Purpose.ANSWER),
    "consultation_answered": Kind(Purpose.ANSWER, ("whatsapp", "email")),
    "consultation_reply": Kind(Purpose.ANSWER, ("whatsapp", "email")),
    "consultation_opened": Kind(Purpose.ANSWER, STAFF_EMAIL),
    "consultation_escalated": Kind(Purpose.ANSWER, STAFF_EMAIL),
    "followup_reminder": Kind(Purpose.BUSINESS),
    "selection_result": Kind(Purpose.BUSINESS),
}
# A message type not listed is taken as one the person did not ask for: it needs her yes.
UNLISTED = Kind(Purpose.BUSINESS)


def kind_of(template: str) -> Kind:
    return PURPOSES.get(template, UNLISTED)


def may_send(template: str, choice: bool | None) -> bool:
    """Whether a message of this type may go on a channel where the person chose `choice` (None: never
    asked)."""
    purpose = kind_of(template).purpose
    if purpose == Purpose.ASKED:
        return True
    if purpose == Purpose.ANSWER:
        return choice is not False
    return choice is True


class Reachable(Protocol):
    """What notify needs of a person: her contact on record (a registry Person, or a form's answers)."""

    @property
    def phone(self) -> str: ...

    @property
    def email(self) -> str: ...


def address_key(channel: str, address: str) -> str:
    """The form an address is kept and compared in: a phone number as + and digits (WhatsApp's webhook
    drops the +; a national 08… number is +628…), an email in lower case."""
    address = address.strip()
    if channel == Message.Channel.EMAIL:
        return address.lower()
    digits = "".join(ch for ch in address if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return f"+{digits}" if digits else ""


def address_of(person: Reachable, channel: str) -> str:
    """The person's address on a channel ("" when she has none)."""
    raw = person.email if channel == Message.Channel.EMAIL else person.phone
    return address_key(channel, raw or "")


def choices_for(addresses: Iterable[tuple[str, str]]) -> dict[tuple[str, str], ChannelConsent]:
    """The newest choice per (address, channel) among these, in one query; pairs never asked are absent."""
    wanted = {(address_key(channel, address), channel) for address, channel in addresses}
    wanted.discard(("", ""))
    rows = ChannelConsent.objects.filter(address__in={address for address, _c in wanted}).order_by(
        "recorded_at", "id"
    )
    newest: dict[tuple[str, str], ChannelConsent] = {}
    for row in rows:
        if (row.address, row.channel) in wanted:
            newest[(row.address, row.channel)] = row
    return newest


def choice_of(address: str, channel: str) -> bool | None:
    """Yes, no, or None (never asked) for one address on one channel."""
    row = choices_for([(address, channel)]).get((address_key(channel, address), channel))
    return None if row is None else row.opted_in


@dataclass(frozen=True)
class ChannelChoice:
    """A person's state on one channel, for her data page, the staff's person page and the API."""

    channel: str
    address: str
    latest: ChannelConsent | None

    @property
    def label(self) -> str:
        return str(CHANNEL_WORDS[Message.Channel(self.channel)])

    @property
    def opted_in(self) -> bool | None:
        return None if self.latest is None else self.latest.opted_in

    @property
    def state_label(self) -> str:
        if not self.address:
            return str(_("tidak ada alamat"))
        if self.latest is None:
            return str(_("belum ditanya"))
        return str(_("bersedia") if self.latest.opted_in else _("tidak bersedia"))


def person_choices(person: Reachable) -> list[ChannelChoice]:
    """The person's state on every channel, in the order the forms ask (WhatsApp, SMS, email)."""
    addresses = {channel: address_of(person, channel) for channel in CHANNELS}
    newest = choices_for([(address, channel) for channel, address in addresses.items() if address])
    return [
        ChannelChoice(str(channel), addresses[channel], newest.get((addresses[channel], channel)))
        for channel in CHANNELS
    ]


def consent_history(person: Reachable) -> list[ChannelConsent]:
    """Every choice recorded for the person's current addresses, newest first."""
    addresses = [address_of(person, channel) for channel in CHANNELS]
    rows = ChannelConsent.objects.filter(address__in=[a for a in addresses if a]).select_related(
        "recorded_by"
    )
    by_channel = {channel: address_of(person, channel) for channel in CHANNELS}
    return [row for row in rows if by_channel.get(Message.Channel(row.channel)) == row.address]


def consent_record(
    *,
    address: str,
    channel: str,
    opted_in: bool,
    source: str,
    text_version: str = "",
    actor: Any = None,
    now: datetime | None = None,
) -> ChannelConsent | None:
    """Record one choice; None when it is the state already (nothing written). A yes needs the version
    of the text the person was shown."""
    key = address_key(channel, address)
    if not key or channel not in CHANNELS:
        return None
    if opted_in and text_version not in CONSENT_TEXTS:
        raise ValueError(f"consent text version {text_version!r} unknown")
    with transaction.atomic():
        if choice_of(key, channel) is opted_in:
            return None
        row = ChannelConsent.objects.create(
            address=key, channel=channel, opted_in=opted_in, source=source, text_version=text_version,
            recorded_at=now or timezone.now(),
            # Only staff writing down what she said are named; a person choosing herself is not "recorded by".
            recorded_by=actor if source in STAFF_SOURCES and getattr(actor, "pk", None) else None,
        )  # fmt: skip
        if not opted_in:
            _skip_queued(key, channel)
        audit_record(
            actor=actor, action="create", instance=row,
            changes={"channel": channel, "opted_in": opted_in, "source": source, "text_version": text_version},
        )  # fmt: skip
    return row


def consents_record(
    *,
    person: Reachable,
    chosen: Iterable[str],
    source: str,
    offered: Iterable[str] = CHANNELS,
    text_version: str = CONSENT_VERSION,
    actor: Any = None,
    now: datetime | None = None,
) -> list[ChannelConsent]:
    """A form's answer: yes on the channels ticked, no on the others offered, for each channel the person
    has an address on; only changes are written. Returns the rows written."""
    ticked = set(chosen)
    written = []
    for channel in offered:
        address = address_of(person, channel)
        if not address:
            continue
        row = consent_record(
            address=address, channel=channel, opted_in=channel in ticked, source=source,
            text_version=text_version, actor=actor, now=now,
        )  # fmt: skip
        if row is not None:
            written.append(row)
    return written


def is_stop_word(body: str) -> bool:
    return body.strip().rstrip(".!").strip().casefold() in STOP_WORDS


def _skip_queued(address: str, channel: str) -> int:
    """Messages still waiting for this address on this channel that now may not go are not sent."""
    waiting = Message.objects.filter(
        channel=channel, status__in=[Message.Status.QUEUED, Message.Status.MANUAL]
    ).filter(recipient__in={address, address.lstrip("+")})
    ids = [m.pk for m in waiting.only("pk", "template") if not may_send(m.template, False)]
    return Message.objects.filter(pk__in=ids).update(
        status=Message.Status.SKIPPED, last_error="penerima tidak bersedia menerima pesan di saluran ini"
    )


def choices_from_mapping(values: Mapping[str, Any]) -> list[str]:
    """The channels ticked in a form's cleaned data (fields named consent_<channel>)."""
    return [channel for channel in CHANNELS if values.get(f"consent_{channel}")]
