"""Outbox pages: admins' queue of WhatsApp/SMS messages to send by hand; the public opt-out page."""

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from naikkelas.accounts.access import require
from naikkelas.notify import access
from naikkelas.notify.models import Message
from naikkelas.notify.services import outbox


@login_required
def hand_queue(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require(access.can_send_by_hand(user))
    queue = access.messages_for_user(user).filter(status=Message.Status.MANUAL).order_by("created_at", "id")
    page = Paginator(queue, 25).get_page(request.GET.get("page"))
    bodies = outbox.custom_templates()
    rows = [(message, outbox.click_to_chat_url(message, bodies)) for message in page]
    return render(request, "notify/hand_queue.html", {"page": page, "rows": rows})


@login_required
def mark_sent(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    if request.method != "POST":
        return redirect("notify:hand_queue")
    message = get_object_or_404(access.messages_for_user(user), pk=pk, status=Message.Status.MANUAL)
    outbox.message_mark_sent(message=message)
    flash.success(request, _("Pesan untuk %(to)s ditandai terkirim.") % {"to": message.recipient})
    return redirect("notify:hand_queue")


@login_required
def mark_sent_many(request: HttpRequest) -> HttpResponse:
    """Many hand-sent messages marked at once: the ticked ones, or every one on the page shown."""
    user: Any = request.user
    if request.method != "POST":
        return redirect("notify:hand_queue")
    access.require_hand_sender(user)
    field = "page_ids" if request.POST.get("action") == "page" else "ids"
    ids = [int(v) for v in request.POST.getlist(field) if v.isdigit()][:500]
    try:
        count = outbox.messages_mark_sent(
            actor=user, messages=access.messages_for_user(user).filter(pk__in=ids)
        )
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
    else:
        flash.success(request, _("%(count)s pesan ditandai terkirim.") % {"count": count})
    page = request.POST.get("page", "")
    return redirect(reverse("notify:hand_queue") + (f"?page={page}" if page.isdigit() else ""))


def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    try:
        recipient, channel = signing.loads(token, salt=outbox.OPT_OUT_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404 from None
    done = False
    if request.method == "POST":
        outbox.opt_out_create(recipient=recipient, channel=channel)
        done = True
    shown = recipient[:4] + "•" * max(len(recipient) - 7, 0) + recipient[-3:]
    return render(request, "notify/opt_out.html", {"recipient": shown, "channel": channel, "done": done})
