"""The hand-send queue in the API: the messages staff send themselves, and marking many as sent, behind
the page's access rules (staff only; each admin sees the messages of their region)."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from naikkelas.accounts.access import require_staff
from naikkelas.core.pagination import PageNumberPagination
from naikkelas.core.schemas import Id, InputSchema
from naikkelas.notify import access
from naikkelas.notify.models import Message
from naikkelas.notify.services import outbox

router = Router(tags=["notify"])


class HandMessageOut(Schema):
    id: int
    recipient: str
    channel: str
    template: str
    created_at: datetime
    link: str

    @staticmethod
    def resolve_link(obj: Any, context: Any) -> str:
        # The admins' wordings are read once per request, not once per message (as the page does).
        request = context["request"]
        bodies = getattr(request, "_naikkelas_custom_bodies", None)
        if bodies is None:
            bodies = outbox.custom_templates()
            request._naikkelas_custom_bodies = bodies
        return outbox.click_to_chat_url(obj, bodies)


class MarkSentIn(InputSchema):
    ids: list[Id] = Field(..., min_length=1, max_length=500)


class MarkedOut(Schema):
    marked: int


def _user(request: HttpRequest) -> Any:
    return request.user


@router.get("/messages/hand-queue", response=list[HandMessageOut])
@paginate(PageNumberPagination, page_size=25, max_page_size=500)
def hand_queue(request: HttpRequest) -> QuerySet[Message]:
    """Messages waiting for staff to send them by hand (oldest first), with their click-to-chat link."""
    user = _user(request)
    require_staff(user)
    return access.messages_for_user(user).filter(status=Message.Status.MANUAL).order_by("created_at", "id")


@router.post("/messages/mark-sent", response=MarkedOut)
def mark_sent(request: HttpRequest, payload: MarkSentIn) -> dict[str, int]:
    """Mark many hand-sent messages as sent at once; ids outside the caller's region are ignored."""
    user = _user(request)
    access.require_hand_sender(user)
    queryset = access.messages_for_user(user).filter(pk__in=payload.ids)
    return {"marked": outbox.messages_mark_sent(actor=user, messages=queryset)}
