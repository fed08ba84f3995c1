"""Consent per channel in tests: the person said yes on the forms (or no, for the tests of the rule)."""

from naikkelas.notify.models import ChannelConsent
from naikkelas.notify.services.consent import CONSENT_VERSION, consent_record


def channels_of(address: str) -> tuple[str, ...]:
    return ("email",) if "@" in address else ("whatsapp", "sms")


def opt_in(*addresses: str, channels: tuple[str, ...] = ()) -> None:
    """Yes on every channel of these addresses (or only on `channels`), as ticked on the public form."""
    for address in addresses:
        for channel in channels or channels_of(address):
            consent_record(
                address=address, channel=channel, opted_in=True, source=ChannelConsent.Source.FORM,
                text_version=CONSENT_VERSION,
            )  # fmt: skip


def opt_out(*addresses: str, channels: tuple[str, ...] = ()) -> None:
    for address in addresses:
        for channel in channels or channels_of(address):
            consent_record(
                address=address, channel=channel, opted_in=False, source=ChannelConsent.Source.DATA_PAGE
            )
