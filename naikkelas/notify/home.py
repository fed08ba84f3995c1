"""Notify's part of the home page (accounts.home): messages waiting to be sent by hand, oldest first."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, npgettext_lazy, pgettext_lazy

from naikkelas.accounts.access import is_province_admin
from naikkelas.accounts.home import MenuItem, Section, SectionBuilder, home_sections, menu_items
from naikkelas.accounts.models import User
from naikkelas.core.formats import long_date
from naikkelas.notify import access
from naikkelas.notify.models import Message

NEXT = 5


def sections(user: User) -> list[Section]:
    if not access.can_send_by_hand(user):
        return []
    queue = access.messages_for_user(user).filter(status=Message.Status.MANUAL).order_by("created_at", "id")
    section = SectionBuilder(
        "notify.by_hand",
        _("Pesan yang perlu dikirim manual"),
        order=40,
        see_all=reverse("notify:hand_queue"),
        empty=_("Tidak ada pesan yang menunggu dikirim."),
    )
    section.figure(
        npgettext_lazy("figure", "pesan menunggu dikirim", "pesan menunggu dikirim"),
        queue.count(),
        reverse("notify:hand_queue"),
        urgent=True,
    )
    for message in queue[:NEXT]:
        section.entry(
            message.recipient,
            reverse("notify:hand_queue"),
            f"{message.get_channel_display()} · {long_date(timezone.localtime(message.created_at).date())}",
        )
    return [section.build()]


def register() -> None:
    home_sections.register("notify", sections)
    menu_items.register(
        "notify.hand_queue",
        MenuItem(pgettext_lazy("menu", "Pesan"), "notify:hand_queue", access.can_send_by_hand, order=70),
    )
    menu_items.register(
        "notify.templates",
        MenuItem(gettext_lazy("Templat pesan"), "notify:templates", is_province_admin, order=71),
    )
