"""Privacy's part of the home page (accounts.home): the participant's own data and consent; the admin's
personal-data requests with their deadlines, the nearest first."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, npgettext_lazy

from naikkelas.accounts.home import MenuItem, Section, SectionBuilder, home_sections, menu_items
from naikkelas.accounts.models import User
from naikkelas.core.formats import long_date
from naikkelas.privacy import access
from naikkelas.privacy.models import DataRequest

NEXT = 5


def own_section(user: User) -> list[Section]:
    person = access.person_of(user)
    if person is None:
        return []
    section = SectionBuilder("privacy.mine", _("Data dan persetujuan saya"), order=14)
    open_requests = DataRequest.objects.filter(person=person, status=DataRequest.Status.OPEN)
    section.figure(
        npgettext_lazy("figure", "permintaan sedang diproses", "permintaan sedang diproses"),
        open_requests.count(),
        reverse("privacy:mine"),
    )
    if person.consent_withdrawn_at:
        consent = _("persetujuan ditarik %(date)s") % {
            "date": long_date(timezone.localtime(person.consent_withdrawn_at).date())
        }
    else:
        consent = _("persetujuan tindak lanjut dan publikasi berlaku")
    section.entry(_("Lihat data saya"), reverse("privacy:mine"), consent)
    section.entry(_("Unduh salinan data saya (Excel)"), reverse("privacy:download", args=["xlsx"]))
    if not person.consent_withdrawn_at:
        section.entry(_("Tarik persetujuan"), reverse("privacy:withdraw"))
    return [section.build()]


def requests_section(user: User) -> list[Section]:
    if not access.can_handle_requests(user):
        return []
    now = timezone.now()
    waiting = (
        access.requests_for_user(user)
        .filter(status=DataRequest.Status.OPEN)
        .select_related("person")
        .order_by("due_at", "id")
    )
    section = SectionBuilder(
        "privacy.requests",
        _("Permintaan data pribadi"),
        order=50,
        see_all=reverse("privacy:requests"),
        empty=_("Tidak ada permintaan data pribadi yang menunggu."),
    )
    section.figure(
        npgettext_lazy("figure", "permintaan menunggu", "permintaan menunggu"),
        waiting.count(),
        reverse("privacy:requests"),
    )
    section.figure(
        npgettext_lazy("figure", "lewat batas waktu", "lewat batas waktu"),
        waiting.filter(due_at__lt=now).count(),
        reverse("privacy:requests"),
        urgent=True,
    )
    for request in waiting[:NEXT]:
        late = request.due_at < now
        note = _("batas %(date)s") % {"date": long_date(timezone.localtime(request.due_at).date())}
        section.entry(
            f"{request.get_kind_display()} · {request.person.name}",
            reverse("privacy:request_detail", args=[request.pk]),
            note + (" · " + _("terlambat") if late else ""),
            urgent=late,
        )
    return [section.build()]


def sections(user: User) -> list[Section]:
    return own_section(user) + requests_section(user)


def register() -> None:
    home_sections.register("privacy", sections)
    menu_items.register(
        "privacy.mine",
        MenuItem(gettext_lazy("Data pribadi saya"), "privacy:mine", access.has_own_data, order=80),
    )
    menu_items.register(
        "privacy.requests",
        MenuItem(
            gettext_lazy("Permintaan data pribadi"), "privacy:requests", access.can_handle_requests, order=81
        ),
    )
