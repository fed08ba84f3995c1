"""The outbox's part of a person's rights: the messages sent to their phone or email, and their choices
of channel (consent per channel).

Registered with `core.personal_data.providers` in NotifyConfig.ready(); writes only notify rows. Knows no
domain app: a person is only the addresses on the `DataSubject`.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from naikkelas.core.audit import audit_redact
from naikkelas.core.personal_data import REMOVED, DataSubject, PersonalData, Retention, Section, export_of
from naikkelas.notify.models import ChannelConsent, Message
from naikkelas.notify.services.consent import CHANNELS, address_key

DONE = [Message.Status.SENT, Message.Status.FAILED, Message.Status.SKIPPED, Message.Status.MANUAL]


def sections(subject: DataSubject) -> dict[str, Section]:
    return {
        "pesan_terkirim": Section(
            _("Pesan yang dikirim kepada Anda"), Message.objects.filter(recipient__in=subject.addresses),
            hidden=("context", "language"), words={"template": lambda message, _language: message.template_label},
            heading=lambda message, _language: message.template_label,
        ),
        "pilihan_saluran": Section(
            _("Pilihan Anda menerima pesan per saluran"), _consents(subject),
            hidden=("recorded_by",),
            heading=lambda row, _language: f"{row.get_channel_display()}: {row.get_source_display()}",
        ),
    }  # fmt: skip


def _consents(subject: DataSubject) -> QuerySet[ChannelConsent]:
    keys = {address_key(channel, address) for address in subject.addresses for channel in CHANNELS}
    return ChannelConsent.objects.filter(address__in=keys - {""}).order_by("recorded_at", "id")


def anonymise(subject: DataSubject, now: datetime) -> None:
    """Messages keep their kind and time without the address; the choices go (they name the address)."""
    Message.objects.filter(recipient__in=subject.addresses).update(
        recipient=REMOVED, context={}, last_error="", provider_ref=""
    )
    consents = _consents(subject)
    audit_redact(model=ChannelConsent, object_ids=list(consents.values_list("pk", flat=True)))
    consents.delete()


def retention(run: Retention) -> dict[str, int]:
    """Messages no longer waiting to go out are removed after RETENTION_MESSAGE_DAYS."""
    old = Message.objects.filter(
        created_at__lt=run.now - timedelta(days=settings.RETENTION_MESSAGE_DAYS), status__in=DONE
    )
    count = old.count()
    if not run.dry_run:
        old.delete()
    return {"messages": count}


PROVIDER = PersonalData(
    sections=sections, export=export_of(sections), anonymise=anonymise, retention=retention
)
