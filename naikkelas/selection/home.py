"""Selection's part of the home page (accounts.home): the reviewer's queue; the office's open calls and
the applications waiting in them. Every count is read through selection.access."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, npgettext_lazy

from naikkelas.accounts.access import scope_for_user
from naikkelas.accounts.home import MenuItem, Section, SectionBuilder, home_sections, menu_items
from naikkelas.accounts.models import Membership, User
from naikkelas.core.formats import long_date
from naikkelas.programs.access import batches_for_user
from naikkelas.selection import access
from naikkelas.selection.models import Application

NEXT = 5
WAITING = (Application.Status.SUBMITTED, Application.Status.ELIGIBLE)


def reviewer_section(user: User) -> Section:
    """Reviews assigned and not yet scored, in batches whose result is not out, the earliest batch first."""
    pending = (
        access.reviews_for_user(user)
        .filter(submitted_at__isnull=True, application__batch__published_at__isnull=True)
        .select_related("application__enterprise", "application__batch")
        .order_by("application__batch__start_date", "assigned_at", "id")
    )
    section = SectionBuilder(
        "selection.reviews",
        _("Penilaian yang ditugaskan"),
        order=10,
        see_all=reverse("selection:review_list"),
        empty=_("Tidak ada penilaian yang menunggu."),
    )
    section.figure(
        npgettext_lazy("figure", "penilaian menunggu", "penilaian menunggu"),
        pending.count(),
        reverse("selection:review_list"),
    )
    for review in pending[:NEXT]:
        batch = review.application.batch
        section.entry(
            review.application.enterprise.name,
            reverse("selection:review_form", args=[review.pk]),
            _("%(batch)s · selesaikan sebelum hasil diumumkan, paling lambat angkatan mulai %(date)s")
            % {"batch": batch.title, "date": long_date(batch.start_date)},
        )
    return section.build()


def office_section(user: User) -> Section:
    """Calls open today in the user's scope, with how many applications in them wait for a decision."""
    today = timezone.localdate()
    visible = access.applications_for_user(user)
    calls = (
        batches_for_user(user)
        .filter(opens_on__lte=today, closes_on__gte=today, published_at__isnull=True)
        .annotate(
            waiting=Count(
                "applications",
                filter=Q(applications__status__in=WAITING, applications__in=visible.values("pk")),
            )
        )
        .order_by("closes_on", "title", "id")
    )
    waiting = visible.filter(status__in=WAITING, batch__published_at__isnull=True).count()
    section = SectionBuilder(
        "selection.calls",
        _("Pendaftaran dibuka dan pendaftar menunggu"),
        order=10,
        see_all=reverse("selection:batch_list"),
        empty=_("Tidak ada pendaftaran yang sedang dibuka."),
    )
    section.figure(
        npgettext_lazy("figure", "pendaftaran dibuka", "pendaftaran dibuka"),
        calls.count(),
        reverse("selection:batch_list"),
    )
    section.figure(
        npgettext_lazy("figure", "pendaftar menunggu keputusan", "pendaftar menunggu keputusan"),
        waiting,
        reverse("selection:batch_list"),
    )
    for batch in calls[:NEXT]:
        section.entry(
            batch.title,
            reverse("selection:batch_detail", args=[batch.pk]),
            ngettext(
                "ditutup %(date)s · %(count)s pendaftar menunggu",
                "ditutup %(date)s · %(count)s pendaftar menunggu",
                batch.waiting,
            )
            % {"date": long_date(batch.closes_on), "count": batch.waiting},
        )
    return section.build()


def sections(user: User) -> list[Section]:
    scope = scope_for_user(user)
    found = []
    if access.can_review(user):
        found.append(reviewer_section(user))
    if scope.superuser or Membership.Role.ADMIN in scope.roles:
        found.append(office_section(user))
    return found


def register() -> None:
    home_sections.register("selection", sections)
    menu_items.register(
        "selection.batches",
        MenuItem(gettext_lazy("Seleksi"), "selection:batch_list", access.can_see_selection, order=30),
    )
    menu_items.register(
        "selection.reviews",
        MenuItem(gettext_lazy("Penilaian"), "selection:review_list", access.can_review, order=31),
    )
