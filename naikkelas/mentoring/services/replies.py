"""A participant's WhatsApp reply to a message about her consultation joins that consultation's thread.

notify knows only that a reply answers one of its messages; the message's dedupe key says which
consultation it was about ("consultation:<pk>:..."). The reply is filed only when it comes from the phone
on record of the consultation's owner and the thread is still open to messages; otherwise notify keeps it
for staff to read."""

from django.core.exceptions import ValidationError

from naikkelas.mentoring.models import Consultation
from naikkelas.mentoring.services.consultations import consultation_reply
from naikkelas.notify.models import InboundMessage, Message


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


def take_reply(reply: InboundMessage, answered: Message | None) -> bool:
    if answered is None or not answered.dedupe_key.startswith("consultation:"):
        return False
    pk = answered.dedupe_key.split(":")[1]
    if not pk.isdigit() or not reply.body.strip():
        return False
    consultation = Consultation.objects.select_related("enterprise__owner__user").filter(pk=int(pk)).first()
    if consultation is None:
        return False
    owner = consultation.enterprise.owner
    if owner.user is None or not owner.phone or _digits(owner.phone) != _digits(reply.sender):
        return False
    try:
        consultation_reply(
            actor=owner.user, consultation=consultation, body=reply.body, now=reply.received_at
        )
    except ValidationError:  # closed meanwhile: staff read it in the inbound list
        return False
    return True
