"""Outbox pages: admins' queue of WhatsApp/SMS messages to send by hand; the public opt-out page."""

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from naikkelas.accounts.access import scope_for_user
from naikkelas.notify import access, services
from naikkelas.notify.models import Message


@login_required
def hand_queue(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not scope_for_user(user).is_staff:
        raise PermissionDenied
    queue = access.messages_for_user(user).filter(status=Message.Status.MANUAL).order_by("created_at", "id")
    page = Paginator(queue, 25).get_page(request.GET.get("page"))
    rows = [(message, services.click_to_chat_url(message)) for message in page]
    return render(request, "notify/hand_queue.html", {"page": page, "rows": rows})


@login_required
def mark_sent(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    if request.method != "POST":
        return redirect("notify:hand_queue")
    message = get_object_or_404(access.messages_for_user(user), pk=pk, status=Message.Status.MANUAL)
    services.message_mark_sent(message=message)
    flash.success(request, _("Pesan untuk %(to)s ditandai terkirim.") % {"to": message.recipient})
    return redirect("notify:hand_queue")


def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    try:
        recipient, channel = signing.loads(token, salt=services.OPT_OUT_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404 from None
    done = False
    if request.method == "POST":
        services.opt_out_create(recipient=recipient, channel=channel)
        done = True
    shown = recipient[:4] + "•" * max(len(recipient) - 7, 0) + recipient[-3:]
    return render(request, "notify/opt_out.html", {"recipient": shown, "channel": channel, "done": done})
