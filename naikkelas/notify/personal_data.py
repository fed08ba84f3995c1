"""The outbox's part of a person's rights: the messages sent to their phone or email.

Registered with `core.personal_data.providers` in NotifyConfig.ready(); writes only notify rows. Knows no
domain app: a person is only the addresses on the `DataSubject`.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from naikkelas.core.personal_data import REMOVED, DataSubject, PersonalData, Retention, Section, export_of
from naikkelas.notify.models import Message

DONE = [Message.Status.SENT, Message.Status.FAILED, Message.Status.SKIPPED, Message.Status.MANUAL]


def sections(subject: DataSubject) -> dict[str, Section]:
    return {
        "pesan_terkirim": Section(
            _("Pesan yang dikirim kepada Anda"), Message.objects.filter(recipient__in=subject.addresses),
            hidden=("context", "language"), words={"template": lambda message, _language: message.template_label},
            heading=lambda message, _language: message.template_label,
        )
    }  # fmt: skip


def anonymise(subject: DataSubject, now: datetime) -> None:
    Message.objects.filter(recipient__in=subject.addresses).update(
        recipient=REMOVED, context={}, last_error="", provider_ref=""
    )


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
